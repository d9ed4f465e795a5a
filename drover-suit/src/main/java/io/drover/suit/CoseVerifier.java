package io.drover.suit;

import io.drover.suit.internal.Cbor;
import io.drover.suit.internal.CoseSign1;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Checks a COSE_Sign1 with an attached payload (as {@link CoseSigner} makes) against trusted keys. Undecodable
 * input raises {@link io.drover.error.DroverException} with {@link SuitErrors#MALFORMED}; a signature that no trusted
 * key verifies is an empty answer.
 */
public final class CoseVerifier {
    private final List<VerificationKey> trusted;

    private CoseVerifier(List<VerificationKey> trusted) {
        this.trusted = trusted;
    }

    /** A verifier that accepts signatures by any of {@code trusted}, which must not be empty. */
    public static CoseVerifier create(Collection<VerificationKey> trusted) {
        List<VerificationKey> keys = List.copyOf(trusted);
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("a verifier needs at least one trusted key");
        }
        return new CoseVerifier(keys);
    }

    /** A payload together with the trusted key whose signature over it verified. */
    public record Signed(byte[] payload, VerificationKey signer) {
        public Signed {
            payload = Objects.requireNonNull(payload, "payload").clone();
            Objects.requireNonNull(signer, "signer");
        }

        @Override
        public byte[] payload() {
            return payload.clone();
        }
    }

    /** The payload and its signer when a trusted key's signature verifies; empty otherwise. */
    public Optional<Signed> verify(byte[] coseSign1) {
        CoseSign1 message = CoseSign1.decode(Cbor.decode(coseSign1, "COSE_Sign1"), true);
        byte[] payload = message.payload()
                .orElseThrow(() -> Cbor.malformed("COSE_Sign1 must carry its payload"));
        Optional<SignatureAlgorithm> algorithm = message.supportedAlgorithm();
        if (algorithm.isEmpty()) {
            return Optional.empty();
        }
        for (VerificationKey key : trusted) {
            if (key.algorithm() == algorithm.get() && message.verifies(key::verifies, new byte[0], null)) {
                return Optional.of(new Signed(payload, key));
            }
        }
        return Optional.empty();
    }
}
