package io.drover.suit;

import io.drover.suit.internal.CoseSign1;
import java.util.Objects;

/**
 * Signs a payload into a tagged COSE_Sign1 that carries it, with a key (and so an algorithm) fixed at creation: what
 * a device uses to sign its SUIT reports. Manifests are signed by {@link ManifestSigner} instead, with a detached
 * payload.
 */
public final class CoseSigner {
    private final SigningKey key;

    private CoseSigner(SigningKey key) {
        this.key = key;
    }

    public static CoseSigner create(SigningKey key) {
        return new CoseSigner(Objects.requireNonNull(key, "key"));
    }

    /** The encoded COSE_Sign1 (tag 18) with protected {1: alg, 4: kid} and {@code payload} attached. */
    public byte[] sign(byte[] payload) {
        return CoseSign1.signAttached(key.algorithm(), key.verificationKey().keyIdBytes(),
                Objects.requireNonNull(payload, "payload").clone(), key::sign);
    }

    public VerificationKey verificationKey() {
        return key.verificationKey();
    }
}
