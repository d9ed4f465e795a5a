package io.drover.suit.internal;

import com.upokecenter.cbor.CBORObject;
import com.upokecenter.cbor.CBORType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Encodes and structurally decodes a SUIT_Envelope (draft-ietf-suit-manifest-37): tag 107 (or an
 * untagged map), an authentication wrapper {@code [bstr SUIT_Digest, * bstr auth-block]} and the manifest.
 */
public final class EnvelopeCodec {
    public static final int TAG = 107;
    private static final int AUTHENTICATION_WRAPPER = 2;
    private static final int MANIFEST = 3;
    private static final Map<Integer, String> UNSUPPORTED_BLOCKS = Map.of(
            98, "COSE_Sign", 97, "COSE_Mac");

    /**
     * An envelope taken apart.
     *
     * @param signedPayload the encoded SUIT_Digest, which COSE signs as detached payload
     */
    public record DecodedEnvelope(SuitDigest manifestDigest, byte[] signedPayload, byte[] manifestBytes,
            List<AuthenticationBlock> authenticationBlocks, ManifestDecoder.Decoded manifest) {
        public DecodedEnvelope {
            authenticationBlocks = List.copyOf(authenticationBlocks);
        }
    }

    private EnvelopeCodec() {
    }

    public static DecodedEnvelope decode(byte[] encoded) {
        CBORObject item = Cbor.decode(encoded, "SUIT envelope");
        if (item.isTagged()) {
            if (item.getTagCount() != 1 || !item.HasMostOuterTag(TAG)) {
                throw Cbor.malformed("SUIT envelope must carry tag 107, got tag " + item.getMostOuterTag());
            }
            item = item.UntagOne();
        }
        CBORObject envelope = Cbor.map(item, "SUIT envelope");
        byte[] wrapper = Cbor.bytes(Cbor.required(envelope, AUTHENTICATION_WRAPPER, "authentication-wrapper"),
                "authentication-wrapper");
        byte[] manifestBytes = Cbor.bytes(Cbor.required(envelope, MANIFEST, "manifest"), "manifest");

        CBORObject authentication = Cbor.array(Cbor.decode(wrapper, "authentication-wrapper"), "authentication-wrapper");
        if (authentication.size() == 0) {
            throw Cbor.malformed("authentication-wrapper must start with the manifest digest");
        }
        byte[] signedPayload = Cbor.bytes(authentication.get(0), "manifest digest");
        SuitDigest digest = SuitDigest.decode(Cbor.decode(signedPayload, "manifest digest"), "manifest digest");
        var blocks = new ArrayList<AuthenticationBlock>();
        for (int i = 1; i < authentication.size(); i++) {
            blocks.add(authenticationBlock(Cbor.decodeWrapped(authentication.get(i), "authentication block")));
        }
        ManifestDecoder.Decoded manifest = ManifestDecoder.decode(manifestBytes, severableMembers(envelope));
        return new DecodedEnvelope(digest, signedPayload, manifestBytes, blocks, manifest);
    }

    /** The tagged envelope {2: wrapper [digest, blocks...], 3: manifest}. */
    public static byte[] encode(byte[] manifestBytes, byte[] signedPayload, List<byte[]> authenticationBlocks) {
        CBORObject authentication = CBORObject.NewArray().Add(signedPayload);
        authenticationBlocks.forEach(authentication::Add);
        return CBORObject.NewOrderedMap()
                .Add(AUTHENTICATION_WRAPPER, authentication.EncodeToBytes())
                .Add(MANIFEST, manifestBytes)
                .WithTag(TAG)
                .EncodeToBytes();
    }

    private static AuthenticationBlock authenticationBlock(CBORObject block) {
        if (!block.isTagged() || block.getTagCount() != 1 || !block.getMostOuterTag().CanFitInInt32()) {
            throw Cbor.malformed("authentication block must be a tagged COSE structure");
        }
        int tag = block.getMostOuterTag().ToInt32Checked();
        if (tag == CoseSign1.TAG) {
            CoseSign1 message = CoseSign1.decode(block, true);
            if (message.hasPayload()) {
                throw Cbor.malformed("COSE_Sign1 payload must be detached (nil): it is the manifest digest");
            }
            return new AuthenticationBlock.Signature(message);
        }
        if (tag == CoseMac0.TAG) {
            return new AuthenticationBlock.Mac(CoseMac0.decode(block));
        }
        String kind = UNSUPPORTED_BLOCKS.get(tag);
        if (kind == null) {
            throw Cbor.malformed("authentication block has unknown tag " + tag);
        }
        return new AuthenticationBlock.Unsupported(kind);
    }

    /**
     * The envelope's severable members by label. Other integer keys (wrapper, manifest, delegation, extensions) are
     * not severed members; text keys are integrated payloads or dependencies, which a processor uses, not verification.
     */
    private static Map<Integer, byte[]> severableMembers(CBORObject envelope) {
        var members = new HashMap<Integer, byte[]>();
        for (var entry : envelope.getEntries()) {
            CBORObject key = entry.getKey();
            if (key.getType() == CBORType.TextString && !key.isTagged()) {
                continue;
            }
            int label = Cbor.smallInteger(key, "envelope key");
            if (SuitLabels.SEVERABLE.contains(label)) {
                members.put(label, Cbor.bytes(entry.getValue(), SuitLabels.member(label)));
            }
        }
        return members;
    }
}
