package io.drover.suit.encryption;

import io.drover.suit.SecretKeyAccess;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drover.error.DroverException;
import io.drover.suit.SignatureAlgorithm;
import io.drover.suit.SigningKey;
import io.drover.suit.SuitErrors;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@link GroupKey}, {@link RecipientPrivateKey} and {@link RecipientPublicKey}: generation, PEM, refusal of others. */
class EncryptionKeysTest {

    @ParameterizedTest
    @EnumSource(RecipientCurve.class)
    void roundTripsRecipientKeysThroughPem(RecipientCurve curve) {
        RecipientPrivateKey key = RecipientPrivateKey.generate(curve);

        RecipientPrivateKey reread = RecipientPrivateKey.fromPem(key.toPkcs8Pem(SecretKeyAccess.get()), SecretKeyAccess.get());
        RecipientPublicKey publicKey = RecipientPublicKey.fromPem(key.publicKey().toPem());

        assertThat(reread.curve()).isEqualTo(curve);
        assertThat(reread.publicKey()).as("derived from the private key").isEqualTo(key.publicKey());
        assertThat(publicKey).isEqualTo(key.publicKey()).hasSameHashCodeAs(key.publicKey());
        assertThat(publicKey.curve()).isEqualTo(curve);
    }

    @ParameterizedTest
    @EnumSource(GroupKey.Algorithm.class)
    void roundTripsGroupKeyThroughPem(GroupKey.Algorithm algorithm) {
        GroupKey key = GroupKey.generate(algorithm, new SecureRandom());

        GroupKey reread = GroupKey.fromPem(key.toPem(SecretKeyAccess.get()), SecretKeyAccess.get());

        assertThat(reread).isEqualTo(key);
        assertThat(reread.algorithm()).isEqualTo(algorithm);
        assertThat(key.toString()).doesNotContain(java.util.HexFormat.of().formatHex(key.keyBytes(SecretKeyAccess.get())));
    }

    @Test
    void groupKeyLengthFixesItsAlgorithm() {
        assertThat(GroupKey.create(new byte[16], SecretKeyAccess.get()).algorithm()).isEqualTo(GroupKey.Algorithm.A128KW);
        assertThat(GroupKey.create(new byte[32], SecretKeyAccess.get()).algorithm()).isEqualTo(GroupKey.Algorithm.A256KW);
        assertThatThrownBy(() -> GroupKey.create(new byte[24], SecretKeyAccess.get()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> GroupKey.create(new byte[16], null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesSigningKeysAsRecipientKeys() {
        SigningKey ed25519 = SigningKey.generate(SignatureAlgorithm.ED25519);

        assertThatThrownBy(() -> RecipientPrivateKey.fromPem(ed25519.toPkcs8Pem(), SecretKeyAccess.get()))
                .isInstanceOfSatisfying(DroverException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(SuitErrors.BAD_KEY));
        assertThatThrownBy(() -> RecipientPublicKey.fromPem(ed25519.verificationKey().toPem()))
                .isInstanceOfSatisfying(DroverException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(SuitErrors.BAD_KEY));
    }

    @Test
    void readsTheDraftRecipientKeyWithItsPublicPoint() {
        // vectors/suit-encryption/README.md: x=5886CD61..., y=9EED8125... for d=60FE6DD6...
        RecipientPrivateKey key = EncryptionVectors.draftRecipientKey();

        assertThat(key.curve()).isEqualTo(RecipientCurve.P256);
        assertThat(io.drover.suit.encryption.internal.Curves.coordinates(key.publicKey().jdkKey())[0])
                .isEqualTo(java.util.HexFormat.of().parseHex(
                        "5886CD61DD875862E5AAA820E7A15274C968A9BC96048DDCACE32F50C3651BA3"));
    }
}
