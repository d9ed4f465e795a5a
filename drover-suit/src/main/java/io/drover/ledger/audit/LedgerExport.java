package io.drover.ledger.audit;

import io.drover.ledger.SignedTreeHead;
import io.drover.suit.VerificationKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Iterator;
import java.util.Optional;

/**
 * A ledger export: a folder of {@value #KEY_FILE} (the ledger's public key, SPKI PEM), {@value #ENTRIES_FILE} (every
 * entry from 0, one per line, exactly the leaf bytes) and {@value #HEADS_FILE} (every signed head, smallest first).
 * The format is stable and documented in docs/LEDGER.md, so any tool can audit it.
 */
public final class LedgerExport {
    public static final String KEY_FILE = "ledger-key.pem";
    public static final String ENTRIES_FILE = "entries.jsonl";
    public static final String HEADS_FILE = "heads.jsonl";

    private final Path folder;

    private LedgerExport(Path folder) {
        this.folder = folder;
    }

    public static LedgerExport in(Path folder) {
        return new LedgerExport(folder);
    }

    public Path keyFile() {
        return folder.resolve(KEY_FILE);
    }

    public Path entriesFile() {
        return folder.resolve(ENTRIES_FILE);
    }

    public Path headsFile() {
        return folder.resolve(HEADS_FILE);
    }

    /**
     * The key the export came with. It proves nothing by itself: whoever could alter the export could replace it.
     * An auditor compares it with a key obtained independently, or audits with that key instead.
     */
    public VerificationKey includedKey() {
        return readKey(keyFile());
    }

    /** A public key from a PEM file; {@link UncheckedIOException} when it cannot be read. */
    public static VerificationKey readKey(Path pemFile) {
        try {
            return VerificationKey.fromPem(Files.readString(pemFile, StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the ledger key " + pemFile, e);
        }
    }

    /**
     * Audits this export, streaming its files; {@code pinnedHeads} is a heads file the auditor kept from an earlier
     * export. A heads line that is no head raises {@link IllegalArgumentException} naming the file and line.
     */
    public AuditReport audit(LedgerAudit audit, Optional<Path> pinnedHeads) {
        try (JsonLines entries = open(entriesFile());
                JsonLines heads = open(headsFile());
                JsonLines pinned = pinnedHeads.map(LedgerExport::open).orElse(null)) {
            Iterator<SignedTreeHead> pins = pinned == null ? Collections.emptyIterator()
                    : HeadLines.parsing(pinned, pinnedHeads.get().toString());
            return audit.verify(entries, HeadLines.parsing(heads, headsFile().toString()), pins);
        }
    }

    private static JsonLines open(Path file) {
        try {
            return new JsonLines(Files.newInputStream(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
