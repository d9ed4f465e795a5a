package io.drover.delta;

import io.drover.error.DroverException;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;
import org.tukaani.xz.LZMA2InputStream;
import org.tukaani.xz.XZIOException;

/**
 * A delta being applied: its header is read when it is opened, its records as it is applied. Applying reads the patch
 * once in order, reads the base where the records say (random access), and writes the result in order; it holds the
 * LZMA2 dictionary the header's result size implies ({@link DeltaFormat#dictionaryBytes}, at most
 * {@link DeltaFormat#MAX_DICTIONARY_BYTES}), the LZMA2 decoder's own state (about 100 KiB) and two
 * {@value #BUFFER_BYTES}-byte buffers. The output is unverified until {@link #applyTo} returns: whoever writes it into
 * a slot commits it only then.
 */
public final class DeltaPatch {
    static final int BUFFER_BYTES = 64 * 1024;

    private final DeltaHeader header;
    private final InputStream patch;
    private boolean applied;

    private DeltaPatch(DeltaHeader header, InputStream patch) {
        this.header = header;
        this.patch = patch;
    }

    /** Reads the header of {@code patch}; the caller closes the stream. */
    public static DeltaPatch open(InputStream patch) throws IOException {
        Objects.requireNonNull(patch, "patch");
        return new DeltaPatch(DeltaHeader.read(patch), patch);
    }

    public DeltaHeader header() {
        return header;
    }

    /**
     * Checks that {@code base} is the header's base (size and SHA-256, {@code delta.base-mismatch}), then writes the
     * result into {@code out} and checks it against the header ({@code delta.result-mismatch}). A patch that breaks the
     * format anywhere is {@code delta.malformed}; I/O failures of the base, the patch or the output are thrown as they
     * are. Once only.
     */
    public void applyTo(SeekableByteChannel base, OutputStream out) throws IOException {
        if (applied) {
            throw new IllegalStateException("a delta is applied once");
        }
        applied = true;
        requireBase(base);
        MessageDigest sha256 = sha256();
        try {
            InputStream records = new LZMA2InputStream(patch,
                    DeltaFormat.dictionaryBytes(header.result().size()));
            new Records(records, base, out, sha256).apply();
            if (records.read() != -1) {
                throw DeltaFormat.malformed("its record stream goes on after the result is complete");
            }
        } catch (XZIOException | EOFException e) {
            throw DeltaFormat.malformed("its record stream is damaged: " + e.getMessage());
        }
        if (patch.read() != -1) {
            throw DeltaFormat.malformed("bytes follow its record stream");
        }
        DeltaImage made = DeltaImage.of(sha256.digest(), header.result().size());
        if (!made.equals(header.result())) {
            throw new DroverException(DeltaErrors.RESULT_MISMATCH,
                    "the delta made " + made + ", its header says " + header.result());
        }
    }

    private void requireBase(SeekableByteChannel base) throws IOException {
        if (base.size() != header.base().size()) {
            throw new DroverException(DeltaErrors.BASE_MISMATCH,
                    "the base has " + base.size() + " bytes, the delta needs " + header.base());
        }
        MessageDigest sha256 = sha256();
        ByteBuffer buffer = ByteBuffer.allocate(BUFFER_BYTES);
        base.position(0);
        while (base.read(buffer) != -1) {
            buffer.flip();
            sha256.update(buffer);
            buffer.clear();
        }
        DeltaImage actual = DeltaImage.of(sha256.digest(), base.size());
        if (!actual.equals(header.base())) {
            throw new DroverException(DeltaErrors.BASE_MISMATCH,
                    "the base is " + actual + ", the delta needs " + header.base());
        }
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /** The record loop, with every bound checked before a byte is read or written. */
    private final class Records {
        private final InputStream in;
        private final SeekableByteChannel base;
        private final OutputStream out;
        private final MessageDigest sha256;
        private final byte[] diff = new byte[BUFFER_BYTES];
        private final ByteBuffer old = ByteBuffer.allocate(BUFFER_BYTES);

        Records(InputStream in, SeekableByteChannel base, OutputStream out, MessageDigest sha256) {
            this.in = in;
            this.base = base;
            this.out = out;
            this.sha256 = sha256;
        }

        void apply() throws IOException {
            long total = header.result().size();
            long baseSize = header.base().size();
            long produced = 0;
            long position = 0;
            while (produced < total) {
                long seek = DeltaFormat.readSignedVarint(in);
                long diffLength = DeltaFormat.readVarint(in);
                long extraLength = DeltaFormat.readVarint(in);
                if (diffLength == 0 && extraLength == 0) {
                    throw DeltaFormat.malformed("a record makes no bytes");
                }
                long left = total - produced;
                if (diffLength > left || extraLength > left - diffLength) {
                    throw DeltaFormat.malformed("a record goes past the result's " + total + " bytes");
                }
                try {
                    position = Math.addExact(position, seek);
                } catch (ArithmeticException e) {
                    throw DeltaFormat.malformed("a record seeks out of range");
                }
                if (diffLength > 0 && (position < 0 || position > baseSize - diffLength)) {
                    throw DeltaFormat.malformed("a record reads bytes " + position + " to " + position + "+"
                            + diffLength + " of a base of " + baseSize);
                }
                runs(position, diffLength);
                position += diffLength;
                copy(extraLength);
                produced += diffLength + extraLength;
            }
        }

        /** The record's runs over the base from {@code position}, which the caller checked lies inside it. */
        private void runs(long position, long length) throws IOException {
            if (length == 0) {
                return; // The position may lie anywhere then: it is checked only where it is read.
            }
            base.position(position);
            for (long left = length; left > 0; ) {
                long zeros = DeltaFormat.readVarint(in);
                long changes = DeltaFormat.readVarint(in);
                if (zeros > left || changes > left - zeros) {
                    throw DeltaFormat.malformed("a run goes past its record");
                }
                if (changes == 0) {
                    changes = left - zeros; // The record's last run: it makes at least one byte, as left > 0.
                }
                fromBase(zeros, false);
                fromBase(changes, true);
                left -= zeros + changes;
            }
        }

        /** The next {@code length} base bytes, each plus the next patch byte if {@code changed}. */
        private void fromBase(long length, boolean changed) throws IOException {
            for (long done = 0; done < length; ) {
                int n = (int) Math.min(BUFFER_BYTES, length - done);
                old.clear().limit(n);
                while (old.hasRemaining()) {
                    if (base.read(old) == -1) {
                        throw new IOException("the base ended at byte " + base.position() + " while it was read");
                    }
                }
                byte[] bytes = old.array();
                if (changed) {
                    readPatch(diff, n);
                    for (int i = 0; i < n; i++) {
                        bytes[i] += diff[i];
                    }
                }
                emit(bytes, n);
                done += n;
            }
        }

        private void copy(long length) throws IOException {
            for (long done = 0; done < length; ) {
                int n = (int) Math.min(BUFFER_BYTES, length - done);
                readPatch(diff, n);
                emit(diff, n);
                done += n;
            }
        }

        private void readPatch(byte[] into, int n) throws IOException {
            if (in.readNBytes(into, 0, n) != n) {
                throw DeltaFormat.malformed("its record stream ends inside a record");
            }
        }

        private void emit(byte[] bytes, int n) throws IOException {
            out.write(bytes, 0, n);
            sha256.update(bytes, 0, n);
        }
    }
}
