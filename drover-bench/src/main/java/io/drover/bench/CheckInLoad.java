package io.drover.bench;

import io.drover.cli.api.ManagementClient;
import io.drover.cli.release.ReleaseDescription;
import io.drover.cli.release.ReleaseSigner;
import io.drover.server.DroverServer;
import io.drover.server.ServerConfig;
import io.drover.server.rollout.NewRollout;
import io.drover.server.store.DatabaseSettings;
import io.drover.suit.SignatureAlgorithm;
import io.drover.suit.SigningKey;
import io.javalin.Javalin;
import io.javalin.http.staticfiles.Location;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Load harness: how many no-change check-ins per second one server node answers, next to a static file served by the
 * same HTTP stack (Javalin on Jetty) in the same run. The load comes from {@code wrk} (Debian package {@code wrk}) on
 * the same machine; each round runs the baseline and the check-in back to back, so the ratio is fair even on a noisy
 * machine.
 *
 * <p>Usage: {@code ./drover bench checkin [devices] [seconds per run] [rounds] [connections] [jdbc-url user]}. Without a
 * JDBC URL the store is the embedded H2 default; with a PostgreSQL URL the run uses a schema of its own and drops it.
 */
public final class CheckInLoad {
    private static final String ADMIN_TOKEN = "bench-admin-token-" + UUID.randomUUID();
    private static final Pattern REQUESTS_PER_SECOND = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
    private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses: (\\d+)");

    public static void main(String[] args) throws Exception {
        int devices = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 15;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        int connections = args.length > 3 ? Integer.parseInt(args[3]) : 64;

        Path work = Files.createTempDirectory("drover-bench");
        ServerConfig config = ServerConfig.embedded(work.resolve("server"), "127.0.0.1", 0, ADMIN_TOKEN);
        Optional<DatabaseSettings> postgres = args.length > 5
                ? Optional.of(DatabaseSettings.of(args[4], args[5], null).withSchema("drover_bench_" + System.nanoTime()))
                : Optional.empty();
        if (postgres.isPresent()) {
            config = config.withDatabase(postgres.get());
        }
        try (DroverServer server = DroverServer.start(config, Clock.systemUTC())) {
            System.out.println("store: " + postgres.map(DatabaseSettings::jdbcUrl).orElse("embedded H2 (file)"));
            URI base = server.baseUrl("127.0.0.1");
            List<String> tokens = fleetWithRunningRollout(new ManagementClient(base, ADMIN_TOKEN), devices, work);
            String etag = etagOf(base, tokens.get(0));
            Path script = checkInScript(work, tokens, etag);

            Path staticDir = Files.createDirectories(work.resolve("static"));
            Files.writeString(staticDir.resolve("hello.txt"), "no change\n");
            Javalin baseline = Javalin.create(cfg -> {
                cfg.startup.showJavalinBanner = false;
                cfg.staticFiles.add(staticDir.toString(), Location.EXTERNAL);
            }).start("127.0.0.1", 0);
            try {
                String checkInUrl = base + "/device/v1/checkin";
                String staticUrl = "http://127.0.0.1:" + baseline.port() + "/hello.txt";
                System.out.printf("machine: %d cores, %s %s; JVM %s%n", Runtime.getRuntime().availableProcessors(),
                        System.getProperty("os.name"), System.getProperty("os.arch"), Runtime.version());
                System.out.printf("%d devices with a running rollout, each check-in sends its token and current ETag (304 expected)%n", devices);
                System.out.printf("wrk -t2 -c%d -d%ds, %d rounds after a warm-up of each%n%n", connections, seconds, rounds);
                wrk(staticUrl, null, 5, connections);
                wrk(checkInUrl, script, 5, connections);
                System.out.println("| round | static file (req/s) | no-change check-in (req/s) | ratio |");
                System.out.println("|---|---|---|---|");
                for (int round = 1; round <= rounds; round++) {
                    double baselineRate = wrk(staticUrl, null, seconds, connections);
                    double checkInRate = wrk(checkInUrl, script, seconds, connections);
                    System.out.printf("| %d | %.0f | %.0f | %.2f |%n", round, baselineRate, checkInRate, checkInRate / baselineRate);
                }
            } finally {
                baseline.stop();
            }
        } finally {
            postgres.ifPresent(CheckInLoad::dropSchema);
        }
    }

    private static void dropSchema(DatabaseSettings settings) {
        try (Connection c = DriverManager.getConnection(settings.jdbcUrl(), settings.user().orElse(null), null);
                Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA " + settings.schema().orElseThrow() + " CASCADE");
        } catch (SQLException e) {
            System.err.println("could not drop the benchmark schema " + settings.schema().orElseThrow() + ": " + e.getMessage());
        }
    }

    /** Registers the devices and starts a rollout, so every check-in runs the full assignment lookup. */
    private static List<String> fleetWithRunningRollout(ManagementClient api, int devices, Path work) throws IOException {
        UUID vendorId = UUID.randomUUID();
        UUID classId = UUID.randomUUID();
        SigningKey vendorKey = SigningKey.generate(SignatureAlgorithm.ES256);
        api.defineClass("bench", vendorId, classId, List.of("app"));
        api.trustSigner("bench", vendorKey.verificationKey().toPem());
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < devices; i++) {
            tokens.add(api.registerDevice("bench-" + i, "bench", Map.of("app", "1.0.0")));
        }
        Path firmware = work.resolve("app.bin");
        byte[] image = new byte[64 * 1024];
        new Random(1).nextBytes(image);
        Files.write(firmware, image);
        byte[] sha = ReleaseSigner.digestOf(firmware);
        api.uploadArtifact(firmware, HexFormat.of().formatHex(sha));
        var description = new ReleaseDescription(vendorId, classId, 1L,
                List.of(new ReleaseDescription.Component("app", "1.1.0", "app.bin", null)));
        long releaseId = api.uploadRelease("bench", ReleaseSigner.sign(vendorKey, description, work))
                .get("id").asLong();
        api.startRollout(NewRollout.everyone(releaseId));
        return tokens;
    }

    private static String etagOf(URI base, String token) throws IOException, InterruptedException {
        var response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(base.resolve("/device/v1/checkin"))
                .header("Authorization", "Bearer " + token).build(), BodyHandlers.discarding());
        return response.headers().firstValue("ETag").orElseThrow();
    }

    /** A wrk script that spreads the requests over every device's token, each with the ETag it already holds. */
    private static Path checkInScript(Path work, List<String> tokens, String etag) throws IOException {
        Path tokenFile = work.resolve("tokens.txt");
        Files.write(tokenFile, tokens);
        Path script = work.resolve("checkin.lua");
        Files.writeString(script, """
                local tokens = {}
                for line in io.lines("%s") do tokens[#tokens + 1] = line end
                local n = 0
                request = function()
                  n = n + 1
                  local headers = {}
                  headers["Authorization"] = "Bearer " .. tokens[(n %% #tokens) + 1]
                  headers["If-None-Match"] = '%s'
                  return wrk.format("GET", nil, headers)
                end
                """.formatted(tokenFile, etag));
        return script;
    }

    private static double wrk(String url, Path script, int seconds, int connections) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("wrk", "-t2", "-c" + connections, "-d" + seconds + "s"));
        if (script != null) {
            command.addAll(List.of("-s", script.toString()));
        }
        command.add(url);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (process.waitFor() != 0) {
            throw new IOException("wrk failed: " + output);
        }
        Matcher errors = NON_2XX.matcher(output);
        if (errors.find()) {
            throw new IOException("wrk saw " + errors.group(1) + " error answers from " + url + ":\n" + output);
        }
        Matcher rate = REQUESTS_PER_SECOND.matcher(output);
        if (!rate.find()) {
            throw new IOException("no rate in wrk's output:\n" + output);
        }
        return Double.parseDouble(rate.group(1));
    }
}
