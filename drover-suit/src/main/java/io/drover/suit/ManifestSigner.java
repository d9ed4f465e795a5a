package io.drover.suit;

import io.drover.suit.internal.Cbor;
import io.drover.suit.internal.CoseSign1;
import io.drover.suit.internal.EnvelopeCodec;
import io.drover.suit.internal.ManifestEncoder;
import io.drover.suit.internal.SuitDigest;
import java.util.List;
import java.util.Objects;

/**
 * Builds and signs the SUIT envelope for an {@link UpdateSpec}. The key, and with it the algorithm, is fixed when the
 * signer is created.
 */
public final class ManifestSigner {
    private final SigningKey key;

    private ManifestSigner(SigningKey key) {
        this.key = key;
    }

    public static ManifestSigner create(SigningKey key) {
        return new ManifestSigner(Objects.requireNonNull(key, "key"));
    }

    /**
     * A tagged (107) envelope whose authentication wrapper holds the SHA-256 SUIT_Digest of the manifest and one
     * COSE_Sign1 over it: payload detached, protected {1: alg, 4: kid}. The kid lets a verifier tell an unknown
     * signer from a bad signature; it is protected so that the envelope has no byte that can change unnoticed.
     */
    public byte[] sign(UpdateSpec spec) {
        byte[] manifest = ManifestEncoder.encode(Objects.requireNonNull(spec, "spec"));
        byte[] signedPayload = SuitDigest.sha256Of(Cbor.wrap(manifest)).EncodeToBytes();
        byte[] signature = CoseSign1.signDetached(key.algorithm(), key.verificationKey().keyIdBytes(), signedPayload,
                key::sign);
        return EnvelopeCodec.encode(manifest, signedPayload, List.of(signature));
    }
}
