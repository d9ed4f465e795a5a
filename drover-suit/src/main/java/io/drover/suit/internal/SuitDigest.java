package io.drover.suit.internal;

import com.upokecenter.cbor.CBORObject;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;

/** A SUIT_Digest: {@code [algorithm-id, digest-bytes, * extensions]}. */
public final class SuitDigest {
    /** The hash algorithms Drover computes; SUIT requires only SHA-256, the others come free with the JDK. */
    private enum Algorithm {
        SHA_256(-16, "sha-256", "SHA-256", 32),
        SHA_384(-43, "sha-384", "SHA-384", 48),
        SHA_512(-44, "sha-512", "SHA-512", 64);

        final long coseId;
        final String label;
        final String jdkName;
        final int length;

        Algorithm(long coseId, String label, String jdkName, int length) {
            this.coseId = coseId;
            this.label = label;
            this.jdkName = jdkName;
            this.length = length;
        }

        static Optional<Algorithm> of(long coseId) {
            return Arrays.stream(values()).filter(a -> a.coseId == coseId).findFirst();
        }

        byte[] hash(byte[] data) {
            try {
                return MessageDigest.getInstance(jdkName).digest(data);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every JDK has " + jdkName, e);
            }
        }
    }

    private final long algorithmId;
    private final byte[] digest;

    private SuitDigest(long algorithmId, byte[] digest) {
        this.algorithmId = algorithmId;
        this.digest = digest;
    }

    public static SuitDigest decode(CBORObject item, String what) {
        CBORObject array = Cbor.array(item, what);
        if (array.size() < 2) {
            throw Cbor.malformed(what + " needs an algorithm and digest bytes");
        }
        long algorithmId = Cbor.integer(array.get(0), what + " algorithm");
        byte[] digest = Cbor.bytes(array.get(1), what + " bytes");
        Algorithm.of(algorithmId).filter(a -> a.length != digest.length).ifPresent(a -> {
            throw Cbor.malformed(what + " has " + digest.length + " bytes, " + a.label + " has " + a.length);
        });
        return new SuitDigest(algorithmId, digest);
    }

    /** The SUIT_Digest item {@code [-16, sha256(data)]}. */
    public static CBORObject sha256Of(byte[] data) {
        return sha256(Algorithm.SHA_256.hash(data));
    }

    /** The SUIT_Digest item {@code [-16, digest]}. */
    public static CBORObject sha256(byte[] digest) {
        return CBORObject.NewArray().Add(Algorithm.SHA_256.coseId).Add(digest);
    }

    /** The digest bytes when the algorithm is SHA-256. */
    public Optional<byte[]> sha256Bytes() {
        return algorithmId == Algorithm.SHA_256.coseId ? Optional.of(digest.clone()) : Optional.empty();
    }

    public boolean isSupported() {
        return Algorithm.of(algorithmId).isPresent();
    }

    /** Whether {@code data} hashes to this digest (compared in constant time); false for an unsupported algorithm. */
    public boolean matches(byte[] data) {
        return Algorithm.of(algorithmId).map(a -> MessageDigest.isEqual(a.hash(data), digest)).orElse(false);
    }

    /** {@code sha-256:0011…} for messages and inspection output. */
    public String describe() {
        String label = Algorithm.of(algorithmId).map(a -> a.label).orElse("alg(" + algorithmId + ")");
        return label + ":" + HexFormat.of().formatHex(digest);
    }
}
