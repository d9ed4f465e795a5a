package io.drover.server.blob;

import io.drover.error.DroverException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** A SHA-256 digest: the name of every blob. Always 64 lowercase hex digits. */
public record Sha256(String hex) {
    private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");

    public Sha256 {
        if (hex == null || !HEX.matcher(hex).matches()) {
            throw new DroverException(BlobErrors.BAD_DIGEST, "a SHA-256 digest is 64 lowercase hex digits, got: " + abbreviate(hex));
        }
    }

    public static Sha256 of(byte[] digest) {
        if (digest.length != 32) {
            throw new DroverException(BlobErrors.BAD_DIGEST, "a SHA-256 digest is 32 bytes, got " + digest.length);
        }
        return new Sha256(HexFormat.of().formatHex(digest));
    }

    /** The digest of {@code content}. */
    public static Sha256 digestOf(byte[] content) {
        try {
            return of(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    public byte[] bytes() {
        return HexFormat.of().parseHex(hex);
    }

    /** {@code s} as an error message quotes it: at most 80 characters. */
    static String abbreviate(String s) {
        if (s == null) {
            return "nothing";
        }
        return s.length() > 80 ? s.substring(0, 80) + "…" : s;
    }

    @Override
    public String toString() {
        return hex;
    }
}
