package io.drover.delta;

import io.drover.error.DroverException;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Objects;

/** What a delta states about itself: the base it needs and the result it makes. */
public record DeltaHeader(DeltaImage base, DeltaImage result) {
    public DeltaHeader {
        Objects.requireNonNull(base, "base");
        Objects.requireNonNull(result, "result");
    }

    /** Reads the {@link DeltaFormat#HEADER_BYTES} of a patch's header; anything else is {@code delta.malformed}. */
    public static DeltaHeader read(InputStream patch) throws IOException {
        DataInputStream in = new DataInputStream(patch);
        byte[] magic = new byte[DeltaFormat.MAGIC.length];
        try {
            in.readFully(magic);
            if (!Arrays.equals(magic, DeltaFormat.MAGIC)) {
                throw DeltaFormat.malformed("it does not start with " + new String(DeltaFormat.MAGIC,
                        java.nio.charset.StandardCharsets.US_ASCII));
            }
            return new DeltaHeader(image(in, "base"), image(in, "result"));
        } catch (EOFException e) {
            throw DeltaFormat.malformed("it ends inside its header");
        }
    }

    private static DeltaImage image(DataInputStream in, String which) throws IOException {
        long size = in.readLong();
        if (size < 0) {
            throw DeltaFormat.malformed("the " + which + " size is negative");
        }
        byte[] sha256 = new byte[32];
        in.readFully(sha256);
        return DeltaImage.of(sha256, size);
    }

    void write(OutputStream out) throws IOException {
        DataOutputStream data = new DataOutputStream(out);
        data.write(DeltaFormat.MAGIC);
        for (DeltaImage image : new DeltaImage[] {base, result}) {
            data.writeLong(image.size());
            data.write(java.util.HexFormat.of().parseHex(image.sha256()));
        }
        data.flush();
    }

    /** Throws {@code delta.result-mismatch} unless this delta makes {@code expected}. */
    public void requireResult(DeltaImage expected) {
        if (!result.equals(expected)) {
            throw new DroverException(DeltaErrors.RESULT_MISMATCH,
                    "the delta makes " + result + ", not " + expected);
        }
    }
}
