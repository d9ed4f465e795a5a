package io.drover.cli.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.drover.cli.CliRun;
import io.drover.server.ledger.EntryKind;
import io.drover.server.ledger.LedgerRecord;
import io.drover.server.testing.StoreBackend;
import io.drover.server.testing.TestServer;
import io.drover.suit.SignatureAlgorithm;
import io.drover.suit.SigningKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code drover ledger …} against a real server: export, verify offline and live, the latest head, proofs. */
class LedgerCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int ENTRIES = 25;

    @TempDir
    Path dir;

    private TestServer server;

    @BeforeEach
    void start() {
        server = TestServer.start(StoreBackend.H2);
        for (int n = 0; n < ENTRIES; n++) {
            int entry = n;
            server.jdbi().useTransaction(h -> server.ledger().record(h, new LedgerRecord(
                    EntryKind.ROLLOUT_CHANGED, "user-" + entry, null, 7L, 3L, Map.of("action", "paused"))));
            if (n % 10 == 9) {
                server.ledger().latestHead();
            }
        }
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void exportsTheLedgerAndVerifiesItOfflineAndLive() throws IOException {
        Path export = dir.resolve("export");
        CliRun exported = ledger("export", "--out", export.toString());
        assertThat(exported.exitCode()).as(exported.err()).isZero();
        assertThat(exported.out()).startsWith("exported " + ENTRIES + " entries and ");
        assertThat(Files.readAllLines(export.resolve("entries.jsonl"))).hasSize(ENTRIES);

        CliRun offline = CliRun.of("ledger", "verify", export.toString());
        assertThat(offline.exitCode()).as(offline.err()).isZero();
        assertThat(offline.out()).startsWith("verified: " + ENTRIES + " entries, ");
        assertThat(offline.err()).contains("pin the key you obtained independently with --key FILE");

        Path key = dir.resolve("ledger-key.pem");
        Files.writeString(key, server.ledger().publicKey().toPem());
        CliRun pinned = CliRun.of("ledger", "verify", export.toString(), "--key", key.toString(),
                "--pinned", export.resolve("heads.jsonl").toString());
        assertThat(pinned.exitCode()).as(pinned.err()).isZero();
        assertThat(pinned.err()).isEmpty();

        CliRun live = ledger("verify", "--key", key.toString());
        assertThat(live.exitCode()).as(live.err()).isZero();
        assertThat(live.out()).startsWith("verified: " + ENTRIES + " entries, ");
    }

    @Test
    void aTamperedExportFailsNamingTheEntry() throws IOException {
        Path export = dir.resolve("export");
        assertThat(ledger("export", "--out", export.toString()).exitCode()).isZero();
        Path entries = export.resolve("entries.jsonl");
        List<String> lines = Files.readAllLines(entries);
        lines.set(12, lines.get(12).replace("user-12", "user-99"));
        Files.write(entries, lines, StandardCharsets.UTF_8);

        CliRun run = CliRun.of("ledger", "verify", export.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("drover: ledger does not verify: entry 12: altered: its hash is not the previous"
                + " hash entry 13 states");
    }

    @Test
    void anExportVerifiedWithAnotherKeyFails() throws IOException {
        Path export = dir.resolve("export");
        assertThat(ledger("export", "--out", export.toString()).exitCode()).isZero();
        Path other = dir.resolve("other.pem");
        Files.writeString(other, SigningKey.generate(SignatureAlgorithm.ED25519).verificationKey().toPem());

        CliRun run = CliRun.of("ledger", "verify", export.toString(), "--key", other.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).containsPattern("head of size \\d+: signature does not verify with the ledger key");
    }

    @Test
    void printsTheLatestHeadAndProvesEntriesInIt() throws IOException {
        CliRun head = ledger("head");
        assertThat(head.exitCode()).as(head.err()).isZero();
        JsonNode latest = JSON.readTree(head.out());
        assertThat(latest.get("size").asLong()).isEqualTo(ENTRIES);
        assertThat(latest.get("rootHash").asText()).hasSize(64);

        CliRun proved = ledger("prove", "--index", "7");
        assertThat(proved.exitCode()).as(proved.err()).isZero();
        assertThat(proved.out()).startsWith("entry 7 is in the head of size " + ENTRIES + " signed at ")
                .contains("\"index\":7,");

        Path export = dir.resolve("export");
        assertThat(ledger("export", "--out", export.toString()).exitCode()).isZero();
        long earlier = -1;
        for (String line : Files.readAllLines(export.resolve("heads.jsonl"))) {
            long size = JSON.readTree(line).get("size").asLong();
            if (size > 7) {
                earlier = size;
                break;
            }
        }
        CliRun inEarlier = ledger("prove", "--index", "7", "--size", Long.toString(earlier));
        assertThat(inEarlier.exitCode()).as(inEarlier.err()).isZero();
        assertThat(inEarlier.out()).startsWith("entry 7 is in the head of size " + earlier + " ");

        CliRun outside = ledger("prove", "--index", Integer.toString(ENTRIES));
        assertThat(outside.exitCode()).isEqualTo(1);
        assertThat(outside.err()).contains("entry " + ENTRIES + " is not in the head of size " + ENTRIES);
    }

    private CliRun ledger(String... args) {
        String[] all = new String[args.length + 5];
        all[0] = "ledger";
        System.arraycopy(args, 0, all, 1, args.length);
        all[args.length + 1] = "--server";
        all[args.length + 2] = server.baseUrl().toString();
        all[args.length + 3] = "--admin-token";
        all[args.length + 4] = TestServer.ADMIN_TOKEN;
        return CliRun.of(all);
    }
}
