package io.drover.suit;

import io.drover.suit.internal.Cbor;
import io.drover.suit.internal.CoseSign1;
import io.drover.suit.internal.EnvelopeCodec;
import io.drover.suit.internal.ManifestEncoder;
import io.drover.suit.internal.SuitDigest;
import java.util.List;
import java.util.Objects;

/**
 * Builds and signs the SUIT envelope for an {@link UpdateSpec}. The keys, and with them the algorithms, are fixed
 * when the signer is created.
 */
public final class ManifestSigner {
    private final List<SigningKey> keys;

    private ManifestSigner(List<SigningKey> keys) {
        this.keys = keys;
    }

    public static ManifestSigner create(SigningKey key) {
        return new ManifestSigner(List.of(Objects.requireNonNull(key, "key")));
    }

    /**
     * A signer that puts one COSE_Sign1 per key into the authentication wrapper, in the given order, for devices
     * whose policy requires several signers (e.g. the OEM and the operator).
     */
    public static ManifestSigner create(List<SigningKey> keys) {
        List<SigningKey> copy = List.copyOf(keys);
        if (copy.isEmpty()) {
            throw new IllegalArgumentException("a signer needs at least one key");
        }
        return new ManifestSigner(copy);
    }

    /**
     * A tagged (107) envelope whose authentication wrapper holds the SHA-256 SUIT_Digest of the manifest and one
     * COSE_Sign1 over it per key: payload detached, protected {1: alg, 4: kid}. The kid lets a verifier tell an unknown
     * signer from a bad signature; it is protected so that the envelope has no byte that can change unnoticed.
     */
    public byte[] sign(UpdateSpec spec) {
        return signManifest(ManifestEncoder.encode(Objects.requireNonNull(spec, "spec")));
    }

    /**
     * Signs a manifest encoded elsewhere (one with dependencies, say, which an {@link UpdateSpec} cannot express).
     * The bytes are signed as given; whether they are a sensible manifest is the caller's business.
     */
    public byte[] signManifest(byte[] manifest) {
        byte[] copy = Objects.requireNonNull(manifest, "manifest").clone();
        byte[] signedPayload = SuitDigest.sha256Of(Cbor.wrap(copy)).EncodeToBytes();
        List<byte[]> signatures = keys.stream()
                .map(key -> CoseSign1.signDetached(key.algorithm(), key.verificationKey().keyIdBytes(), signedPayload,
                        key::sign))
                .toList();
        return EnvelopeCodec.encode(copy, signedPayload, signatures);
    }
}
