package io.drover.server.fleet;

import io.drover.server.internal.KeyFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The server's secret from which every device's DTLS pre-shared key is derived, so that no PSK is stored anywhere:
 * HMAC-SHA256 over the device id and the generation of its key. Kept in a file of 32 random bytes (base64), made
 * at a node's first start, readable by its owner only; every node sharing a database needs the same file.
 */
public final class PskMasterKey {
    private static final byte[] LABEL = "drover coap psk v1".getBytes(StandardCharsets.US_ASCII);

    private final SecretKeySpec key;

    private PskMasterKey(byte[] key) {
        this.key = new SecretKeySpec(key, "HmacSHA256");
    }

    public static PskMasterKey loadOrCreate(Path file, SecureRandom random) {
        String text = KeyFiles.readOrCreate(file, () -> {
            byte[] fresh = new byte[32];
            random.nextBytes(fresh);
            return Base64.getEncoder().encodeToString(fresh) + "\n";
        });
        byte[] key;
        try {
            key = Base64.getDecoder().decode(text.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("the PSK master key file " + file + " is not base64", e);
        }
        if (key.length < 32) {
            throw new IllegalStateException("the PSK master key file " + file + " holds " + key.length
                    + " bytes; it needs at least 32");
        }
        return new PskMasterKey(key);
    }

    /**
     * The PSK of generation {@code generation} of the device: 43 base64url characters (256 bits), whose ASCII bytes
     * are the key a DTLS handshake uses, so that any client that takes a key as text (libcoap's {@code -k}) can use it.
     */
    String derive(String deviceId, int generation) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            mac.update(LABEL);
            mac.update((byte) 0);
            mac.update(deviceId.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            mac.update(Integer.toString(generation).getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java runtime has HmacSHA256", e);
        }
    }
}
