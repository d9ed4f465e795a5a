package io.drover.suit;

import io.drover.suit.Verification.Rejected;
import io.drover.suit.Verification.Verified;
import io.drover.suit.internal.AuthenticationBlock;
import io.drover.suit.internal.Cbor;
import io.drover.suit.internal.CoseSign1;
import io.drover.suit.internal.EnvelopeCodec.DecodedEnvelope;
import io.drover.suit.internal.ManifestDecoder.SeveredMember;
import io.drover.suit.internal.SuitDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Decides whether an envelope is authentic: its structure decodes, the manifest and every severed member the envelope
 * carries match their digests, and a COSE_Sign1 over the manifest digest verifies under one of the trusted keys.
 * Checks run in that order, so a rejection names the first thing that is wrong.
 */
public final class EnvelopeVerifier {
    /** SUIT signs with an empty external_aad (as every signed vector of draft-ietf-suit-manifest-37 confirms). */
    private static final byte[] NO_EXTERNAL_AAD = new byte[0];

    private final List<VerificationKey> trusted;

    private EnvelopeVerifier(List<VerificationKey> trusted) {
        this.trusted = trusted;
    }

    /** A verifier that accepts signatures by any of {@code trusted}, which must not be empty. */
    public static EnvelopeVerifier create(Collection<VerificationKey> trusted) {
        List<VerificationKey> keys = List.copyOf(trusted);
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("a verifier needs at least one trusted key");
        }
        return new EnvelopeVerifier(keys);
    }

    /**
     * The verdict on {@code envelope}; {@link io.drover.error.DroverException} with {@link SuitErrors#MALFORMED} when
     * it cannot be decoded at all.
     */
    public Verification verify(byte[] envelope) {
        SuitEnvelope decoded = SuitEnvelope.decode(envelope);
        return checkDigests(decoded.decoded()).map(Verification.class::cast)
                .orElseGet(() -> checkAuthentication(decoded));
    }

    /**
     * Every trusted key whose COSE_Sign1 over {@code verified}'s manifest verifies, for policies that need more than
     * one signer (an OEM and an operator, say). Blocks of kinds Drover cannot check count for nobody.
     */
    public Set<VerificationKey> signers(Verified verified) {
        SuitEnvelope envelope = verified.envelope();
        byte[] payload = envelope.decoded().signedPayload();
        var signers = new LinkedHashSet<VerificationKey>();
        for (AuthenticationBlock block : envelope.decoded().authenticationBlocks()) {
            if (block instanceof AuthenticationBlock.Signature signature) {
                signature.message().supportedAlgorithm().ifPresent(algorithm -> trusted.stream()
                        .filter(key -> key.algorithm() == algorithm)
                        .filter(key -> signature.message().verifies(key::verifies, NO_EXTERNAL_AAD, payload))
                        .forEach(signers::add));
            }
        }
        return signers;
    }

    /** The manifest's and every carried severed member's digest check, shared with {@link MacEnvelopeVerifier}. */
    static Optional<Rejected> checkDigests(DecodedEnvelope envelope) {
        Optional<Rejected> manifest = checkDigest("manifest", envelope.manifestDigest(), envelope.manifestBytes());
        if (manifest.isPresent()) {
            return manifest;
        }
        for (SeveredMember member : envelope.manifest().severedMembers()) {
            Optional<Rejected> rejected = checkDigest("severed member " + member.label(), member.digest(), member.body());
            if (rejected.isPresent()) {
                return rejected;
            }
        }
        return Optional.empty();
    }

    /**
     * SUIT digests the byte string holding the content, header included: the draft's examples hash
     * {@code << manifest >>}, not the bare manifest map.
     */
    private static Optional<Rejected> checkDigest(String what, SuitDigest digest, byte[] content) {
        if (!digest.isSupported()) {
            return Optional.of(new Rejected(SuitErrors.UNSUPPORTED_ALGORITHM,
                    what + " digest algorithm is not supported: " + digest.describe()));
        }
        if (!digest.matches(Cbor.wrap(content))) {
            return Optional.of(new Rejected(SuitErrors.DIGEST_MISMATCH, what + " does not match its digest"));
        }
        return Optional.empty();
    }

    private Verification checkAuthentication(SuitEnvelope envelope) {
        List<AuthenticationBlock> blocks = envelope.decoded().authenticationBlocks();
        if (blocks.isEmpty()) {
            return new Rejected(SuitErrors.UNSIGNED, "the authentication wrapper holds a digest but no signature");
        }
        var rejections = new ArrayList<Rejected>();
        for (AuthenticationBlock block : blocks) {
            Verification verdict = switch (block) {
                case AuthenticationBlock.Signature signature -> checkSignature(envelope, signature.message());
                case AuthenticationBlock.Mac mac -> new Rejected(SuitErrors.UNSUPPORTED_ALGORITHM,
                        "COSE_Mac0 authentication needs the shared MAC key: check it with a MacEnvelopeVerifier");
                case AuthenticationBlock.Unsupported unsupported -> new Rejected(SuitErrors.UNSUPPORTED_ALGORITHM,
                        unsupported.kind() + " authentication is not supported");
            };
            switch (verdict) {
                case Verified verified -> {
                    return verified;
                }
                case Rejected rejected -> rejections.add(rejected);
            }
        }
        // A signature's own verdict says more than "this kind of block is not supported".
        return rejections.stream()
                .min(Comparator.comparing(r -> r.reason().equals(SuitErrors.UNSUPPORTED_ALGORITHM)))
                .orElseThrow();
    }

    private Verification checkSignature(SuitEnvelope envelope, CoseSign1 message) {
        Optional<SignatureAlgorithm> algorithm = message.supportedAlgorithm();
        if (algorithm.isEmpty()) {
            return new Rejected(SuitErrors.UNSUPPORTED_ALGORITHM,
                    "COSE_Sign1 algorithm is not supported: " + message.algorithmLabel());
        }
        byte[] payload = envelope.decoded().signedPayload();
        for (VerificationKey key : trusted) {
            if (key.algorithm() == algorithm.get() && message.verifies(key::verifies, NO_EXTERNAL_AAD, payload)) {
                return new Verified(envelope, key);
            }
        }
        return rejectUnverified(algorithm.get(), message.keyId());
    }

    /**
     * Without a kid, a failed signature cannot tell "signed by a stranger" from "damaged": it counts as bad unless no
     * trusted key even has the algorithm. A kid that names no trusted key makes it an unknown signer.
     */
    private Rejected rejectUnverified(SignatureAlgorithm algorithm, Optional<byte[]> keyId) {
        if (trusted.stream().noneMatch(k -> k.algorithm() == algorithm)) {
            return new Rejected(SuitErrors.UNKNOWN_SIGNER, "no trusted key uses " + algorithm);
        }
        if (keyId.isPresent() && trusted.stream().noneMatch(k -> Arrays.equals(k.keyIdBytes(), keyId.get()))) {
            return new Rejected(SuitErrors.UNKNOWN_SIGNER,
                    "signed by key id " + HexFormat.of().formatHex(keyId.get()) + ", which is not trusted");
        }
        return new Rejected(SuitErrors.BAD_SIGNATURE, "the " + algorithm + " signature does not verify under "
                + (keyId.isPresent() ? "the key it names" : "any trusted key"));
    }
}
