package io.drover.server.ledger;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Instant;
import org.postgresql.PGConnection;
import org.postgresql.copy.PGCopyOutputStream;

/**
 * New ledger entries streamed to PostgreSQL as one COPY in binary format: several times faster than a batch of
 * INSERTs, and cheaper for the server than the text format (no hex to decode, no timestamps to parse). The format
 * (PostgreSQL manual, "COPY", "Binary Format") is small enough to write here: a fixed header, then per row the
 * number of fields and each field as its length and its bytes, and a trailer.
 */
final class EntryCopy implements EntryWriter {
    private static final String COPY = "COPY ledger_entry "
            + "(seq, body, leaf_hash, completed, kind, subject, release_id, rollout_id, recorded_at) "
            + "FROM STDIN (FORMAT binary)";
    private static final byte[] SIGNATURE = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0};
    private static final short FIELDS = 9;
    /** PostgreSQL's timestamps count microseconds from 2000-01-01T00:00:00Z. */
    private static final long POSTGRES_EPOCH_SECONDS = 946_684_800L;
    private static final int BUFFER = 64 * 1024;

    private final PGCopyOutputStream copy;
    private final DataOutputStream out;

    private EntryCopy(PGCopyOutputStream copy) {
        this.copy = copy;
        this.out = new DataOutputStream(copy);
    }

    static EntryCopy open(PGConnection connection) {
        try {
            var writer = new EntryCopy(new PGCopyOutputStream(connection, COPY, BUFFER));
            writer.out.write(SIGNATURE);
            writer.out.writeInt(0); // flags: no OIDs
            writer.out.writeInt(0); // no header extension
            return writer;
        } catch (SQLException | IOException e) {
            throw new IllegalStateException("cannot start writing ledger entries", e);
        }
    }

    @Override
    public void write(NewEntry e) {
        try {
            out.writeShort(FIELDS);
            bigint(e.seq());
            bytes(e.body());
            bytes(e.leafHash());
            bytes(e.completed());
            text(e.kind());
            text(e.subject());
            bigint(e.releaseId());
            bigint(e.rolloutId());
            timestamp(e.recordedAt());
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot write ledger entry " + e.seq(), ex);
        }
    }

    @Override
    public void finish() {
        try {
            out.writeShort(-1);
            out.flush();
            copy.endCopy();
        } catch (SQLException | IOException e) {
            throw new IllegalStateException("cannot write ledger entries", e);
        }
    }

    @Override
    public void abandon() {
        try {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot give up writing ledger entries", e);
        }
    }

    private void bigint(Long value) throws IOException {
        if (value == null) {
            out.writeInt(-1);
            return;
        }
        out.writeInt(Long.BYTES);
        out.writeLong(value);
    }

    private void bytes(byte[] value) throws IOException {
        if (value == null) {
            out.writeInt(-1);
            return;
        }
        out.writeInt(value.length);
        out.write(value);
    }

    private void text(String value) throws IOException {
        bytes(value == null ? null : value.getBytes(StandardCharsets.UTF_8));
    }

    private void timestamp(Instant at) throws IOException {
        out.writeInt(Long.BYTES);
        out.writeLong((at.getEpochSecond() - POSTGRES_EPOCH_SECONDS) * 1_000_000 + at.getNano() / 1_000);
    }
}
