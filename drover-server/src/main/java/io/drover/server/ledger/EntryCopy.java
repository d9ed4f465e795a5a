package io.drover.server.ledger;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.List;
import org.postgresql.copy.CopyManager;

/** New ledger entries as one PostgreSQL COPY in text format. */
final class EntryCopy {
    private static final String COPY = "COPY ledger_entry "
            + "(seq, body, leaf_hash, completed, kind, subject, release_id, rollout_id, recorded_at) FROM STDIN";
    private static final HexFormat HEX = HexFormat.of();

    private EntryCopy() {}

    static void write(CopyManager copy, List<NewEntry> entries) throws SQLException {
        var text = new StringBuilder(entries.size() * 1024);
        for (NewEntry e : entries) {
            text.append(e.seq()).append('\t');
            bytes(text, e.body());
            bytes(text, e.leafHash());
            bytes(text, e.completed());
            text(text, e.kind());
            text(text, e.subject());
            text.append(e.releaseId() == null ? "\\N" : e.releaseId()).append('\t');
            text.append(e.rolloutId() == null ? "\\N" : e.rolloutId()).append('\t');
            text.append(e.recordedAt()).append('\n');
        }
        byte[] data = text.toString().getBytes(StandardCharsets.UTF_8);
        try {
            copy.copyIn(COPY, new ByteArrayInputStream(data));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** bytea in hex form; the backslash doubled, as COPY's text format reads escapes first. */
    private static void bytes(StringBuilder text, byte[] value) {
        text.append("\\\\x").append(HEX.formatHex(value)).append('\t');
    }

    private static void text(StringBuilder text, String value) {
        if (value == null) {
            text.append("\\N\t");
            return;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> text.append("\\\\");
                case '\t' -> text.append("\\t");
                case '\n' -> text.append("\\n");
                case '\r' -> text.append("\\r");
                default -> text.append(c);
            }
        }
        text.append('\t');
    }
}
