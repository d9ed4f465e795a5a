package io.drover.cli.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.drover.cli.api.ServerConnection;
import io.drover.suit.VerificationKey;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code drover forensics}: questions answered from the ledger with proofs, each answer checked here against the
 * ledger key before it is shown.
 */
@Command(name = "forensics", description = "Ask the ledger what ran where and who signed and approved it; every answer"
        + " comes with inclusion proofs in a signed head, checked here before it is shown (docs/LEDGER.md).",
        subcommands = {ForensicsCommand.Device.class, ForensicsCommand.Release.class})
public final class ForensicsCommand {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What every forensic question takes: the server, the pinned key, where to keep the answer. */
    static final class Common {
        @Mixin
        ServerConnection server;

        @Mixin
        PinnedLedgerKey key;

        @Option(names = "--out", paramLabel = "FILE", description = "Also write the answer (JSON) there, to check it"
                + " later against an export: drover ledger verify DIR --answer FILE.")
        Path out;

        @Option(names = "--json", description = "Print the answer as JSON instead of text.")
        boolean json;

        /** Checks {@code answer} and shows it; exit code 0 when it holds, 1 otherwise. */
        int show(JsonNode answer, Consumer<PrintStream> text) throws IOException {
            VerificationKey ledgerKey = key.resolve(new ServerLedger(server.client()));
            ForensicAnswer checked = ForensicAnswer.of(answer);
            Optional<String> problem = checked.problem(ledgerKey);
            if (problem.isPresent()) {
                System.err.println("drover: the server's answer does not hold: " + problem.get());
                return 1;
            }
            if (out != null) {
                Files.writeString(out, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(answer));
            }
            if (json) {
                System.out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(answer));
            } else {
                text.accept(System.out);
                System.out.printf("proven: %d ledger entries, each by its inclusion proof in the head of size %d"
                        + " signed at %s by ledger key %s%n", checked.entries().size(),
                        checked.head().head().size(), checked.head().head().timestamp(), ledgerKey.keyId());
            }
            return 0;
        }
    }

    /** {@code drover forensics device ID [--at T]}. */
    @Command(name = "device", mixinStandardHelpOptions = true,
            description = "What ran on a device at a moment: each component's version, the release that installed it,"
                    + " the keys that signed it, who created and who approved its rollout.")
    static final class Device implements Callable<Integer> {
        @Mixin
        Common common;

        @Parameters(paramLabel = "ID", description = "The device.")
        String deviceId;

        @Option(names = "--at", paramLabel = "INSTANT", description = "When (ISO-8601, e.g. 2026-11-28T12:00:00Z;"
                + " default: now).")
        Instant at;

        @Override
        public Integer call() throws IOException {
            Instant when = at != null ? at : Instant.now();
            JsonNode answer = common.server.client().forensicsDevice(deviceId, when);
            return common.show(answer, out -> ForensicsText.device(answer, out));
        }
    }

    /** {@code drover forensics release ID [--from T1] [--to T2]}. */
    @Command(name = "release", mixinStandardHelpOptions = true,
            description = "Which devices ran a release at some moment of a period.")
    static final class Release implements Callable<Integer> {
        @Mixin
        Common common;

        @Parameters(paramLabel = "ID", description = "The release.")
        long releaseId;

        @Option(names = "--from", paramLabel = "INSTANT", description = "Start of the period (default: the beginning).")
        Instant from;

        @Option(names = "--to", paramLabel = "INSTANT", description = "End of the period (default: now).")
        Instant to;

        @Override
        public Integer call() throws IOException {
            JsonNode answer = common.server.client().forensicsRelease(releaseId, from != null ? from : Instant.EPOCH,
                    to != null ? to : Instant.now());
            return common.show(answer, out -> ForensicsText.release(answer, out));
        }
    }
}
