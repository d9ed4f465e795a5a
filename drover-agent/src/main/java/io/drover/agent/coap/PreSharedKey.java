package io.drover.agent.coap;

import io.drover.suit.SecretKeyAccess;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A device's DTLS pre-shared key (RFC 4279): the identity it presents and the secret both ends hold. The secret
 * goes in and out only with {@link SecretKeyAccess}, and never into {@link #toString()}.
 */
public final class PreSharedKey {
    /** RFC 4279 §5.3: identities up to 2^16 - 1 bytes; Drover keeps them short and printable. */
    private static final int MAX_IDENTITY_BYTES = 128;
    private static final int MIN_SECRET_BYTES = 16;
    private static final int MAX_SECRET_BYTES = 64;

    private final String identity;
    private final byte[] secret;

    private PreSharedKey(String identity, byte[] secret) {
        this.identity = identity;
        this.secret = secret;
    }

    /**
     * @param identity printable ASCII, 1 to 128 bytes
     * @param secret 16 to 64 bytes (copied)
     */
    public static PreSharedKey create(String identity, byte[] secret, SecretKeyAccess access) {
        SecretKeyAccess.require(access);
        Objects.requireNonNull(identity, "identity");
        byte[] bytes = identity.getBytes(StandardCharsets.UTF_8);
        boolean printable = identity.chars().allMatch(c -> c > 0x20 && c < 0x7f);
        if (bytes.length == 0 || bytes.length > MAX_IDENTITY_BYTES || !printable) {
            throw new IllegalArgumentException("a PSK identity is 1 to " + MAX_IDENTITY_BYTES
                    + " printable ASCII characters without spaces");
        }
        if (secret.length < MIN_SECRET_BYTES || secret.length > MAX_SECRET_BYTES) {
            throw new IllegalArgumentException("a PSK secret has " + MIN_SECRET_BYTES + " to " + MAX_SECRET_BYTES
                    + " bytes, got " + secret.length);
        }
        return new PreSharedKey(identity, secret.clone());
    }

    public String identity() {
        return identity;
    }

    public byte[] secret(SecretKeyAccess access) {
        SecretKeyAccess.require(access);
        return secret.clone();
    }

    @Override
    public String toString() {
        return "PreSharedKey[identity=" + identity + "]";
    }
}
