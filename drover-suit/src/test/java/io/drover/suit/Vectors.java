package io.drover.suit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/** Public test vectors on the test classpath (see vectors/suit/README.md and vectors/cose/README.md for sources). */
public final class Vectors {
    private Vectors() {
    }

    public static String text(String path) {
        try (InputStream in = Vectors.class.getResourceAsStream("/vectors/" + path)) {
            if (in == null) {
                throw new IllegalArgumentException("no test vector " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A {@code *.cbor.hex} vector as bytes. */
    public static byte[] hex(String path) {
        return HexFormat.of().parseHex(text(path).replaceAll("\\s+", ""));
    }

    /** A SUIT vector under vectors/suit. */
    public static byte[] suit(String name) {
        return hex("suit/" + name + ".cbor.hex");
    }

    /** The P-256 key printed in draft-ietf-suit-manifest-37's appendix, which signed every signed SUIT vector. */
    public static VerificationKey exampleKey() {
        return VerificationKey.fromPem(text("suit/example-signing-key-p256.public.pem"));
    }
}
