package io.drover.suit.internal;

import io.drover.error.DroverException;
import io.drover.suit.SuitErrors;
import java.util.Base64;

/** Strict single-block PEM (RFC 7468) for key files. */
public final class Pem {
    private static final int LINE_LENGTH = 64;

    private Pem() {
    }

    /** The DER bytes of a PEM text holding exactly one block with this label; BAD_KEY otherwise. */
    public static byte[] decode(String pem, String label) {
        if (pem == null) {
            throw badKey("no PEM text");
        }
        String begin = "-----BEGIN " + label + "-----";
        String end = "-----END " + label + "-----";
        String text = pem.strip();
        if (!text.startsWith(begin) || !text.endsWith(end) || text.length() < begin.length() + end.length()) {
            throw badKey("expected one PEM block '" + label + "'");
        }
        String body = text.substring(begin.length(), text.length() - end.length()).replaceAll("\\s+", "");
        try {
            byte[] der = Base64.getDecoder().decode(body);
            if (der.length == 0) {
                throw badKey("empty PEM block '" + label + "'");
            }
            return der;
        } catch (IllegalArgumentException e) {
            throw new DroverException(SuitErrors.BAD_KEY, "PEM block '" + label + "' is not valid base64", e);
        }
    }

    public static String encode(String label, byte[] der) {
        String base64 = Base64.getEncoder().encodeToString(der);
        var out = new StringBuilder("-----BEGIN ").append(label).append("-----\n");
        for (int i = 0; i < base64.length(); i += LINE_LENGTH) {
            out.append(base64, i, Math.min(base64.length(), i + LINE_LENGTH)).append('\n');
        }
        return out.append("-----END ").append(label).append("-----\n").toString();
    }

    private static DroverException badKey(String message) {
        return new DroverException(SuitErrors.BAD_KEY, message);
    }
}
