package io.drover.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import io.drover.suit.CoseSigner;
import io.drover.suit.SignatureAlgorithm;
import io.drover.suit.SigningKey;
import java.nio.ByteBuffer;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SignedTreeHeadTest {
    private static final SigningKey LEDGER_KEY = SigningKey.generate(SignatureAlgorithm.ED25519);
    private final byte[] root = MerkleHashes.leaf("root".getBytes());
    private final TreeHead head = new TreeHead(1234, Instant.parse("2026-11-28T10:15:30.123456Z"), root);

    @Test
    void signedDataIsLaidOutAsTheRfcTreeHeadData() {
        ByteBuffer data = ByteBuffer.wrap(head.signedData());
        assertThat(data.remaining()).isEqualTo(51);
        assertThat(data.getLong()).isEqualTo(Instant.parse("2026-11-28T10:15:30.123Z").toEpochMilli());
        assertThat(data.getLong()).isEqualTo(1234);
        assertThat(data.get()).isEqualTo((byte) 32);
        byte[] hash = new byte[32];
        data.get(hash);
        assertThat(hash).isEqualTo(root);
        assertThat(data.getShort()).isZero();
        assertThat(head.timestamp()).isEqualTo(Instant.parse("2026-11-28T10:15:30.123Z"));
    }

    @Test
    void verifiesOnlyWithTheLedgerKeyAndOnlyForTheSignedHead() {
        SignedTreeHead signed = SignedTreeHead.sign(head, CoseSigner.create(LEDGER_KEY));
        assertThat(signed.verifiedBy(LEDGER_KEY.verificationKey())).isTrue();

        assertThat(signed.verifiedBy(SigningKey.generate(SignatureAlgorithm.ED25519).verificationKey())).isFalse();
        assertThat(new SignedTreeHead(new TreeHead(1235, head.timestamp(), root), signed.signature())
                .verifiedBy(LEDGER_KEY.verificationKey())).isFalse();
        assertThat(new SignedTreeHead(new TreeHead(1234, head.timestamp().plusMillis(1), root), signed.signature())
                .verifiedBy(LEDGER_KEY.verificationKey())).isFalse();
        assertThat(new SignedTreeHead(new TreeHead(1234, head.timestamp(), MerkleHashes.emptyRoot()),
                signed.signature()).verifiedBy(LEDGER_KEY.verificationKey())).isFalse();

        byte[] flipped = signed.signature();
        flipped[flipped.length - 5] ^= 1;
        assertThat(new SignedTreeHead(head, flipped).verifiedBy(LEDGER_KEY.verificationKey())).isFalse();
        assertThat(new SignedTreeHead(head, new byte[] {1, 2, 3}).verifiedBy(LEDGER_KEY.verificationKey())).isFalse();
    }
}
