package io.drover.cli.ledger;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.drover.ledger.SignedTreeHead;
import io.drover.ledger.audit.HeadLines;
import io.drover.ledger.audit.JsonLines;
import io.drover.ledger.audit.LedgerExport;
import io.drover.suit.VerificationKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Checks a forensic answer against an export that verified: the answer holds by itself (signed head, inclusion
 * proofs), its head is one of the export's heads, and each entry it rests on is, byte for byte, the export's entry at
 * that position. Then nothing in the answer depends on trusting the server that gave it.
 */
final class AnswerAgainstExport {
    private AnswerAgainstExport() {}

    /** The first reason the answer in {@code answerFile} does not hold against {@code export}, if any. */
    static Optional<String> problem(LedgerExport export, VerificationKey ledgerKey, Path answerFile) {
        ForensicAnswer answer;
        try {
            answer = ForensicAnswer.of(new ObjectMapper().readTree(answerFile.toFile()));
        } catch (IOException | IllegalArgumentException e) {
            return Optional.of(answerFile + " is not a forensic answer: " + e.getMessage());
        }
        Optional<String> itself = answer.problem(ledgerKey);
        if (itself.isPresent()) {
            return itself;
        }
        SignedTreeHead head = answer.head();
        if (!exportHas(export, head)) {
            return Optional.of("its head of size " + head.head().size() + " is not among the export's heads");
        }
        Map<Long, String> wanted = new TreeMap<>(answer.entries());
        try (JsonLines lines = new JsonLines(Files.newInputStream(export.entriesFile()))) {
            long index = 0;
            for (Map.Entry<Long, String> entry : wanted.entrySet()) {
                byte[] line = null;
                while (index <= entry.getKey() && lines.hasNext()) {
                    line = lines.next();
                    index++;
                }
                if (index <= entry.getKey() || line == null
                        || !Arrays.equals(line, entry.getValue().getBytes(StandardCharsets.UTF_8))) {
                    return Optional.of("entry " + entry.getKey() + " of the answer is not the export's entry "
                            + entry.getKey());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Optional.empty();
    }

    private static boolean exportHas(LedgerExport export, SignedTreeHead head) {
        try (JsonLines lines = new JsonLines(Files.newInputStream(export.headsFile()))) {
            Iterator<SignedTreeHead> heads = HeadLines.parsing(lines, export.headsFile().toString());
            while (heads.hasNext()) {
                if (heads.next().head().equals(head.head())) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
