package io.drover.suit.encryption;

import io.drover.suit.SecretKeyAccess;
import io.drover.suit.Vectors;
import java.math.BigInteger;
import java.security.KeyFactory;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPrivateKeySpec;
import java.util.HexFormat;

/** Keys and files of the SUIT encryption vectors (vectors/suit-encryption/README.md and vectors/suit/libcsuit). */
final class EncryptionVectors {
    /** The plaintext of every draft-ietf-suit-firmware-encryption example. */
    static final String DRAFT_PLAINTEXT = "This is a real firmware image.";

    private EncryptionVectors() {
    }

    static byte[] hex(String path) {
        return Vectors.hex(path);
    }

    /** The draft's A128KW KEK: the ASCII bytes 'aaaaaaaaaaaaaaaa'. */
    static GroupKey draftGroupKey() {
        return GroupKey.create("aaaaaaaaaaaaaaaa".getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                SecretKeyAccess.get());
    }

    /** The draft's ES-DH recipient key (EC2 P-256, kid 'kid-2'), from its private scalar d. */
    static RecipientPrivateKey draftRecipientKey() {
        return p256PrivateKey("60FE6DD6D85D5740A5349B6F91267EEAC5BA81B8CB53EE249E4B4EB102C476B3");
    }

    static RecipientPrivateKey p256PrivateKey(String dHex) {
        try {
            var parameters = java.security.AlgorithmParameters.getInstance("EC");
            parameters.init(new ECGenParameterSpec("secp256r1"));
            var spec = new ECPrivateKeySpec(new BigInteger(1, HexFormat.of().parseHex(dHex)),
                    parameters.getParameterSpec(ECParameterSpec.class));
            byte[] pkcs8 = KeyFactory.getInstance("EC").generatePrivate(spec).getEncoded();
            return RecipientPrivateKey.fromPem(io.drover.suit.internal.Pem.encode("PRIVATE KEY", pkcs8),
                    SecretKeyAccess.get());
        } catch (java.security.GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }
}
