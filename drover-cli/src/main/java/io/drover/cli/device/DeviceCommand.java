package io.drover.cli.device;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.drover.cli.api.ServerConnection;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code drover device}: what one device went through, read from a running server. */
@Command(name = "device", description = "Read what a device went through on a running server; issue its CoAP key.",
        subcommands = {DeviceCommand.History.class, DeviceCommand.Psk.class})
public final class DeviceCommand {

    /** {@code drover device history ID}. */
    @Command(name = "history", mixinStandardHelpOptions = true,
            description = "Show every status a device reached on every rollout, newest first, with the server's time.")
    static final class History implements Callable<Integer> {
        @Mixin
        ServerConnection server;

        @Parameters(paramLabel = "ID", description = "The device's id.")
        String id;

        @Option(names = "--limit", paramLabel = "N", defaultValue = "100",
                description = "At most this many entries (1 to 1000; default ${DEFAULT-VALUE}).")
        int limit;

        @Option(names = "--before", paramLabel = "ENTRY",
                description = "Only entries older than this entry id: the next page after one that printed it.")
        Long before;

        @Option(names = "--json", description = "Print the server's JSON as it is.")
        boolean json;

        @Override
        public Integer call() throws Exception {
            JsonNode history = server.client().deviceHistory(id, before, limit);
            if (json) {
                System.out.println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(history));
            } else {
                DeviceHistoryView.table(history, limit).forEach(System.out::println);
            }
            return 0;
        }
    }

    /** {@code drover device psk ID}. */
    @Command(name = "psk", mixinStandardHelpOptions = true,
            description = "Issue a new pre-shared key for the device's CoAP sessions over DTLS (identity: the device "
                    + "id), shown this once; the key issued before stops working.")
    static final class Psk implements Callable<Integer> {
        @Mixin
        ServerConnection server;

        @Parameters(paramLabel = "ID", description = "The device's id.")
        String id;

        @Override
        public Integer call() {
            JsonNode issued = server.client().issuePsk(id);
            System.out.println("identity:   " + issued.get("identity").asText());
            System.out.println("key:        " + issued.get("key").asText());
            System.out.println("generation: " + issued.get("generation").asInt());
            System.out.println("The key is shown this once; the server keeps only its generation.");
            return 0;
        }
    }
}
