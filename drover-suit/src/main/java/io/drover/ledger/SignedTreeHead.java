package io.drover.ledger;

import io.drover.error.DroverException;
import io.drover.suit.CoseSigner;
import io.drover.suit.CoseVerifier;
import io.drover.suit.VerificationKey;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A tree head with the log's signature: a COSE_Sign1 by the ledger key whose payload is the head's
 * {@link TreeHead#signedData() signed data}. Only a head whose signature verifies with the ledger's public key is
 * evidence of anything.
 *
 * @param head what the log states
 * @param signature the encoded COSE_Sign1
 */
public record SignedTreeHead(TreeHead head, byte[] signature) {
    public SignedTreeHead {
        Objects.requireNonNull(head, "head");
        signature = Objects.requireNonNull(signature, "signature").clone();
    }

    public static SignedTreeHead sign(TreeHead head, CoseSigner ledgerKey) {
        return new SignedTreeHead(head, ledgerKey.sign(head.signedData()));
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }

    /** Whether the ledger key signed exactly this head; a malformed signature is not a valid one. */
    public boolean verifiedBy(VerificationKey ledgerKey) {
        try {
            return CoseVerifier.create(List.of(ledgerKey)).verify(signature)
                    .map(signed -> Arrays.equals(signed.payload(), head.signedData()))
                    .orElse(false);
        } catch (DroverException malformed) {
            return false;
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SignedTreeHead other && head.equals(other.head) && Arrays.equals(signature, other.signature);
    }

    @Override
    public int hashCode() {
        return 31 * head.hashCode() + Arrays.hashCode(signature);
    }
}
