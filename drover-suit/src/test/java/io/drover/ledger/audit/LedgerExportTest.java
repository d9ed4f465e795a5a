package io.drover.ledger.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.drover.ledger.PublishedTreeHead;
import io.drover.ledger.SignedTreeHead;
import io.drover.suit.CoseSigner;
import io.drover.suit.SignatureAlgorithm;
import io.drover.suit.SigningKey;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An export folder read back in constant memory and audited, and the JSON lines it is made of. */
class LedgerExportTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final CoseSigner LEDGER_KEY = CoseSigner.create(SigningKey.generate(SignatureAlgorithm.ED25519));

    @TempDir
    Path folder;

    private final TestLedger ledger = new TestLedger(LEDGER_KEY).head().change(9, "alice").head().change(4, "bob").head();

    private LedgerExport write() throws IOException {
        Files.writeString(folder.resolve(LedgerExport.KEY_FILE), LEDGER_KEY.verificationKey().toPem());
        Files.write(folder.resolve(LedgerExport.ENTRIES_FILE), lines(ledger.lines()));
        Files.write(folder.resolve(LedgerExport.HEADS_FILE), lines(headLines(ledger.heads())));
        return LedgerExport.in(folder);
    }

    @Test
    void auditsAnExportFolderWithTheKeyItCameWith() throws IOException {
        LedgerExport written = write();

        AuditReport report = written.audit(LedgerAudit.create(written.includedKey()), Optional.empty());

        assertThat(report.ok()).as(report.summary()).isTrue();
        assertThat(report.entries()).isEqualTo(13);
        assertThat(report.heads()).isEqualTo(3);
    }

    @Test
    void aKeyObtainedElsewhereDoesNotVerifyAnExportWhoseKeyWasReplaced() throws IOException {
        LedgerExport written = write();
        CoseSigner forger = CoseSigner.create(SigningKey.generate(SignatureAlgorithm.ED25519));
        ledger.heads().replaceAll(h -> SignedTreeHead.sign(h.head(), forger));
        Files.write(written.headsFile(), lines(headLines(ledger.heads())));
        Files.writeString(written.keyFile(), forger.verificationKey().toPem());

        assertThat(written.audit(LedgerAudit.create(written.includedKey()), Optional.empty()).ok()).isTrue();
        assertThat(written.audit(LedgerAudit.create(LEDGER_KEY.verificationKey()), Optional.empty()).summary())
                .isEqualTo("head of size 0: signature does not verify with the ledger key");
    }

    @Test
    void checksHeadsPinnedFromAnEarlierExport() throws IOException {
        LedgerExport written = write();
        Path pinned = Files.copy(written.headsFile(), folder.resolve("pinned.jsonl"));
        Files.write(written.headsFile(), lines(headLines(List.of(ledger.heads().get(0), ledger.heads().get(2)))));

        assertThat(written.audit(LedgerAudit.create(LEDGER_KEY.verificationKey()), Optional.of(pinned)).summary())
                .isEqualTo("head of size 9: pinned earlier, but missing from the ledger's heads");
    }

    @Test
    void aHeadsLineThatIsNoHeadIsNamedByFileAndLine() throws IOException {
        LedgerExport written = write();
        Files.writeString(written.headsFile(), Files.readString(written.headsFile())
                .replaceFirst("\"rootHash\"", "\"rootHash\":\"zz\",\"x\""), StandardCharsets.UTF_8);

        assertThatThrownBy(() -> written.audit(LedgerAudit.create(LEDGER_KEY.verificationKey()), Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(written.headsFile() + " line 1: a tree head's rootHash must be hex");
    }

    @Test
    void jsonLinesAreTheBytesBetweenNewlines() {
        assertThat(read("a\nbb\n")).containsExactly("a", "bb");
        assertThat(read("a\nbb")).containsExactly("a", "bb");
        assertThat(read("a\n\nc\n")).containsExactly("a", "", "c");
        assertThat(read("")).isEmpty();
        assertThat(read("\n")).containsExactly("");
        assertThat(read("é\r\n")).containsExactly("é\r");
    }

    private static List<String> read(String text) {
        List<String> lines = new ArrayList<>();
        try (JsonLines in = new JsonLines(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)))) {
            in.forEachRemaining(line -> lines.add(new String(line, StandardCharsets.UTF_8)));
        }
        return lines;
    }

    private static List<byte[]> headLines(List<SignedTreeHead> heads) throws IOException {
        List<byte[]> lines = new ArrayList<>();
        for (SignedTreeHead head : heads) {
            lines.add(JSON.writeValueAsBytes(PublishedTreeHead.of(head)));
        }
        return lines;
    }

    private static byte[] lines(List<byte[]> lines) {
        var out = new ByteArrayOutputStream();
        lines.forEach(line -> {
            out.writeBytes(line);
            out.write('\n');
        });
        return out.toByteArray();
    }
}
