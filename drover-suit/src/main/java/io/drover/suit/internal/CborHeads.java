package io.drover.suit.internal;

/**
 * The heads of CBOR data items (RFC 8949 section 3): a major type and its argument. For code that writes or splices
 * encodings around content it streams rather than holds, where the CBOR library, which builds whole items, cannot help.
 */
public final class CborHeads {
    public static final int BYTES = 2;
    public static final int TEXT = 3;
    public static final int MAP = 5;

    private CborHeads() {
    }

    /** The shortest head of major type {@code major} with {@code argument}, as deterministic encoding requires. */
    public static byte[] head(int major, long argument) {
        if (major < 0 || major > 7 || argument < 0) {
            throw new IllegalArgumentException("major type " + major + ", argument " + argument);
        }
        int type = major << 5;
        if (argument < 24) {
            return new byte[] {(byte) (type | argument)};
        }
        int size = argument < 0x100 ? 1 : argument < 0x10000 ? 2 : argument < 0x100000000L ? 4 : 8;
        byte[] head = new byte[1 + size];
        head[0] = (byte) (type | switch (size) {
            case 1 -> 24;
            case 2 -> 25;
            case 4 -> 26;
            default -> 27;
        });
        for (int i = 0; i < size; i++) {
            head[size - i] = (byte) (argument >>> (8 * i));
        }
        return head;
    }

    /**
     * The length in bytes of the head starting at {@code offset} of {@code encoded}, which must be well-formed CBOR
     * with definite lengths (as {@link CborLimits} has checked).
     */
    public static int length(byte[] encoded, int offset) {
        int info = encoded[offset] & 0x1f;
        return switch (info) {
            case 24 -> 2;
            case 25 -> 3;
            case 26 -> 5;
            case 27 -> 9;
            default -> {
                if (info > 27) {
                    throw Cbor.malformed("a CBOR head with additional information " + info + " has no definite length");
                }
                yield 1;
            }
        };
    }
}
