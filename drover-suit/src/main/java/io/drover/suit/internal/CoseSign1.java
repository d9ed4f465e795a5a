package io.drover.suit.internal;

import com.upokecenter.cbor.CBORObject;
import com.upokecenter.cbor.CBORType;
import io.drover.suit.SignatureAlgorithm;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * A COSE_Sign1 message (RFC 9052 section 4.2): structure checks on decode, the Sig_structure to verify, and
 * detached signing.
 */
public final class CoseSign1 {
    public static final int TAG = 18;
    private static final int ALG = 1;
    private static final int CRIT = 2;
    private static final int KID = 4;

    /** Checks one signature over the bytes it covers; bound to a key and algorithm by the caller. */
    @FunctionalInterface
    public interface SignatureCheck {
        boolean verifies(byte[] toBeSigned, byte[] signature);
    }

    private final byte[] protectedBytes;
    private final CBORObject protectedHeaders;
    private final CBORObject unprotectedHeaders;
    private final byte[] payload;
    private final byte[] signature;

    private CoseSign1(byte[] protectedBytes, CBORObject protectedHeaders, CBORObject unprotectedHeaders, byte[] payload,
            byte[] signature) {
        this.protectedBytes = protectedBytes;
        this.protectedHeaders = protectedHeaders;
        this.unprotectedHeaders = unprotectedHeaders;
        this.payload = payload;
        this.signature = signature;
    }

    /**
     * Reads a COSE_Sign1. With {@code tagRequired} only tag 18 is accepted; otherwise an untagged array is too, for
     * contexts that already know the type (RFC 9052 section 2). Any other tag is refused either way.
     */
    public static CoseSign1 decode(CBORObject item, boolean tagRequired) {
        boolean tagged = item.isTagged();
        if (tagged && (item.getTagCount() != 1 || !item.HasMostOuterTag(TAG))) {
            throw Cbor.malformed("COSE_Sign1 must carry tag 18, got tag " + item.getMostOuterTag());
        }
        if (!tagged && tagRequired) {
            throw Cbor.malformed("COSE_Sign1 must carry tag 18");
        }
        CBORObject array = Cbor.array(tagged ? item.UntagOne() : item, "COSE_Sign1");
        if (array.size() != 4) {
            throw Cbor.malformed("COSE_Sign1 must have 4 elements, got " + array.size());
        }
        byte[] protectedBytes = Cbor.bytes(array.get(0), "COSE_Sign1 protected header");
        CBORObject protectedHeaders = protectedBytes.length == 0
                ? CBORObject.NewMap()
                : Cbor.map(Cbor.decode(protectedBytes, "COSE_Sign1 protected header"), "COSE_Sign1 protected header");
        CBORObject unprotectedHeaders = Cbor.map(array.get(1), "COSE_Sign1 unprotected header");
        for (CBORObject label : protectedHeaders.getKeys()) {
            if (unprotectedHeaders.ContainsKey(label)) {
                throw Cbor.malformed("COSE header " + label + " is both protected and unprotected");
            }
        }
        byte[] payload = array.get(2).isNull() ? null : Cbor.bytes(array.get(2), "COSE_Sign1 payload");
        byte[] signature = Cbor.bytes(array.get(3), "COSE_Sign1 signature");
        return new CoseSign1(protectedBytes, protectedHeaders, unprotectedHeaders, payload, signature);
    }

    /**
     * Signs {@code payload} as a detached COSE_Sign1 (payload nil) with protected header {1: alg, 4: kid} and an
     * empty unprotected header, and returns the encoded, tagged message. Nothing outside the signature is left
     * unprotected, so no byte of the message can change without breaking it.
     */
    public static byte[] signDetached(SignatureAlgorithm algorithm, byte[] keyId, byte[] payload,
            UnaryOperator<byte[]> signer) {
        return sign(algorithm, keyId, payload, signer, CBORObject.Null);
    }

    /**
     * Signs {@code payload} as a COSE_Sign1 that carries it (attached), with the same protected header as
     * {@link #signDetached}: for messages that travel on their own, such as SUIT reports.
     */
    public static byte[] signAttached(SignatureAlgorithm algorithm, byte[] keyId, byte[] payload,
            UnaryOperator<byte[]> signer) {
        return sign(algorithm, keyId, payload, signer, CBORObject.FromObject(payload));
    }

    private static byte[] sign(SignatureAlgorithm algorithm, byte[] keyId, byte[] payload, UnaryOperator<byte[]> signer,
            CBORObject carriedPayload) {
        CBORObject protectedHeaders = CBORObject.NewOrderedMap().Add(ALG, algorithm.coseId()).Add(KID, keyId);
        byte[] protectedBytes = protectedHeaders.EncodeToBytes();
        byte[] signature = signer.apply(sigStructure(protectedBytes, new byte[0], payload));
        return CBORObject.NewArray()
                .Add(protectedBytes)
                .Add(CBORObject.NewMap())
                .Add(carriedPayload)
                .Add(signature)
                .WithTag(TAG)
                .EncodeToBytes();
    }

    /** The attached payload, if the message carries one; a copy. */
    public Optional<byte[]> payload() {
        return Optional.ofNullable(payload).map(byte[]::clone);
    }

    /**
     * The algorithm of the protected {@code alg} header, if Drover implements it. Empty too when the algorithm is
     * only unprotected (an attacker could swap it) or when headers are marked critical, since Drover understands
     * none beyond alg and kid.
     */
    public Optional<SignatureAlgorithm> supportedAlgorithm() {
        CBORObject alg = protectedHeaders.get(CBORObject.FromObject(ALG));
        if (alg == null || !Cbor.isInteger(alg) || protectedHeaders.ContainsKey(CBORObject.FromObject(CRIT))) {
            return Optional.empty();
        }
        long id = alg.AsInt64Value();
        return Arrays.stream(SignatureAlgorithm.values()).filter(a -> a.matchesCoseId(id)).findFirst();
    }

    /** A human-readable rendering of the {@code alg} header, for messages. */
    public String algorithmLabel() {
        CBORObject alg = protectedHeaders.get(CBORObject.FromObject(ALG));
        return alg == null ? "none (no protected alg)" : Cbor.abbreviate(alg);
    }

    /** The {@code kid} header (protected or not), if it is a byte string. It is a hint only, never trusted. */
    public Optional<byte[]> keyId() {
        CBORObject kid = protectedHeaders.get(CBORObject.FromObject(KID));
        if (kid == null) {
            kid = unprotectedHeaders.get(CBORObject.FromObject(KID));
        }
        return kid != null && kid.getType() == CBORType.ByteString && !kid.isTagged()
                ? Optional.of(kid.GetByteString())
                : Optional.empty();
    }

    public boolean hasPayload() {
        return payload != null;
    }

    /**
     * Whether {@code check} accepts the signature over the Sig_structure (RFC 9052 section 4.4), built from the
     * protected header bytes exactly as transmitted. {@code detachedPayload} is used when the payload is nil and
     * must be null when it is attached.
     */
    public boolean verifies(SignatureCheck check, byte[] externalAad, byte[] detachedPayload) {
        if ((payload == null) == (detachedPayload == null)) {
            throw new IllegalArgumentException("give a detached payload exactly when the message has none");
        }
        byte[] content = payload != null ? payload : detachedPayload;
        return check.verifies(sigStructure(protectedBytes, externalAad, content), signature.clone());
    }

    private static byte[] sigStructure(byte[] protectedBytes, byte[] externalAad, byte[] payload) {
        return CBORObject.NewArray()
                .Add("Signature1")
                .Add(protectedBytes)
                .Add(externalAad)
                .Add(payload)
                .EncodeToBytes();
    }
}
