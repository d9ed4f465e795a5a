package io.drover.server.coap;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * A check-in answer's validator as a CoAP ETag option, which holds at most 8 bytes: the first 8 bytes of the SHA-256
 * of the HTTP ETag, so both transports change their validators together and every node computes the same one.
 */
final class CoapEtag {
    private CoapEtag() {}

    static byte[] of(String httpEtag) {
        try {
            return Arrays.copyOf(MessageDigest.getInstance("SHA-256")
                    .digest(httpEtag.getBytes(StandardCharsets.UTF_8)), 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
