package io.drover.bench;

import io.drover.cli.api.ManagementClient;
import io.drover.cli.api.RolloutAction;
import io.drover.server.DroverServer;
import io.drover.server.ServerConfig;
import io.drover.server.device.DeviceRoutes;
import io.drover.server.fleet.DeviceCredential;
import io.drover.server.fleet.FleetService;
import io.drover.server.rollout.NewRollout;
import io.drover.server.rollout.wave.Wave;
import io.drover.server.rollout.wave.WavePlan;
import io.drover.server.store.DatabaseSettings;
import io.javalin.Javalin;
import io.javalin.http.HttpStatus;
import io.javalin.http.staticfiles.Location;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

/**
 * Load harness for one server node, per fleet size, each on a fresh store: registering the fleet, creating a 4-wave
 * rollout over it (O(1): no per-device rows), reading its status, the node's rate of no-change check-ins next to a
 * static file and a fixed answer served by the same HTTP stack (Javalin on Jetty) in the same run, and the heap in
 * use after a full GC.
 * The load comes from {@code wrk} (Debian package {@code wrk}) on the same machine; each round runs the baseline and
 * the check-in back to back, so the ratio is fair even on a noisy machine.
 *
 * <p>Usage: {@code ./drover bench checkin [devices[,devices…]] [seconds per run] [rounds] [connections]
 * [jdbc-url user]}. Without a JDBC URL the store is the embedded H2 default; with a PostgreSQL URL each size runs in a
 * schema of its own, dropped afterwards.
 */
public final class CheckInLoad {
    private static final String ADMIN_TOKEN = "bench-admin-token-" + UUID.randomUUID();
    /** Rollouts created per size: the first shows a cold path, the others a warm one; all but the last are cancelled. */
    private static final int ROLLOUT_SAMPLES = 5;
    private static final int STATUS_SAMPLES = 20;
    /**
     * Devices whose no-change check-ins the load makes; each checks in once for real before each check-in run, which
     * must take well under a minute (the age at which tickets are renewed).
     */
    private static final int CHECKED_IN = 20_000;
    private static final WavePlan PLAN = new WavePlan(List.of(wave(1), wave(10), wave(50), wave(100)),
            Optional.empty(), Optional.empty());

    public static void main(String[] args) throws Exception {
        int[] sizes = Arrays.stream((args.length > 0 ? args[0] : "1000").split(",")).mapToInt(Integer::parseInt).toArray();
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 15;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        int connections = args.length > 3 ? Integer.parseInt(args[3]) : 64;
        Optional<String[]> postgres = args.length > 5 ? Optional.of(new String[] {args[4], args[5]}) : Optional.empty();

        System.out.println(BenchMachine.describe());
        System.out.printf("store: %s; wrk -t2 -c%d -d%ds, %d rounds after a 5 s warm-up of each target%n",
                postgres.map(p -> p[0]).orElse("embedded H2 (file)"), connections, seconds, rounds);
        for (int devices : sizes) {
            Optional<DatabaseSettings> database = postgres.map(p -> BenchMachine.freshSchema(p[0], p[1]));
            try {
                runSize(devices, database, new Wrk(connections), seconds, rounds);
            } finally {
                database.ifPresent(BenchMachine::dropSchema);
            }
        }
    }

    private static void runSize(int devices, Optional<DatabaseSettings> database, Wrk wrk, int seconds, int rounds)
            throws Exception {
        Path work = Files.createTempDirectory("drover-bench");
        // The controller runs when the harness says, so its first pass (sizing the waves) is timed on its own.
        ServerConfig config = ServerConfig.embedded(work.resolve("server"), "127.0.0.1", 0, ADMIN_TOKEN)
                .withRolloutPassInterval(Duration.ZERO);
        if (database.isPresent()) {
            config = config.withDatabase(database.get());
        }
        System.out.printf("%n## %,d devices%n%n", devices);
        try (DroverServer server = DroverServer.start(config, Clock.systemUTC())) {
            long emptyHeap = heapAfterGc();
            URI base = server.baseUrl("127.0.0.1");
            ManagementClient api = new ManagementClient(base, ADMIN_TOKEN);
            BenchFleet fleet = BenchFleet.withRelease(api, work);

            long start = System.nanoTime();
            List<DeviceCredential> credentials = BenchFleet.register(server.fleet(), devices);
            System.out.printf("registration: %.1f s (%,.0f devices/s, batches of %,d)%n", seconds(start),
                    devices / seconds(start), FleetService.MAX_BATCH);

            long[] creation = new long[ROLLOUT_SAMPLES];
            long rolloutId = 0;
            for (int i = 0; i < ROLLOUT_SAMPLES; i++) {
                if (i > 0) {
                    api.steerRollout(rolloutId, RolloutAction.CANCEL, "benchmark sample");
                }
                rolloutId = timed(creation, i, () -> api.startRollout(new NewRollout(fleet.releaseId(), null,
                        PLAN.waves(), null, null, null, null, null)).get("id").asLong());
            }
            report("rollout creation (POST /api/v1/rollouts, 4 waves)", creation);
            start = System.nanoTime();
            server.rolloutController().pass();
            System.out.printf("first controller pass (counts each wave's devices, one read of the class): %.1f s%n",
                    seconds(start));
            long[] status = new long[STATUS_SAMPLES];
            long id = rolloutId;
            for (int i = 0; i < STATUS_SAMPLES; i++) {
                timed(status, i, () -> api.rollout(id));
            }
            report("rollout status (GET /api/v1/rollouts/{id})", status);
            System.out.println("status: " + api.rollout(id).path("waves"));

            List<String> tokens = credentials.subList(0, Math.min(CHECKED_IN, devices)).stream()
                    .map(DeviceCredential::token).toList();
            credentials = null; // the harness's own copy of the tokens is not the server's heap
            compare(wrk, base, tokens, work, seconds, rounds);
            System.out.printf("heap used after a full GC: %.1f MiB with an empty store, %.1f MiB after the load "
                    + "(%,d devices)%n", emptyHeap / 1048576.0, heapAfterGc() / 1048576.0, devices);
        }
    }

    /**
     * The baselines and the check-in back to back in each round, after a warm-up of each. The baselines run on a
     * second Javalin server in the same JVM: a 10-byte static file, and a route that answers a fixed 304 with an ETag
     * to the very requests of the check-in load (same script, same headers), which is a check-in's answer with nothing
     * computed: the most this HTTP stack and load generator give for it. Right before each check-in run, every device
     * of the load checks in once for real, so that it holds the ETag and idle ticket a device polling more often than
     * once a minute would hold (wrk cannot take up the renewed ticket a 304 brings once a ticket is a minute old).
     */
    private static void compare(Wrk wrk, URI base, List<String> tokens, Path work, int seconds, int rounds)
            throws IOException, InterruptedException {
        Path staticDir = Files.createDirectories(work.resolve("static"));
        Files.writeString(staticDir.resolve("hello.txt"), "no change\n");
        Path devices = work.resolve("devices.txt");
        Path script = Wrk.checkInScript(work, devices);
        String checkInUrl = base + "/device/v1/checkin";
        Javalin baseline = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.jetty.modifyHttpConfiguration(DroverServer::tuneHttp); // the same HTTP settings as the server's
            cfg.staticFiles.add(staticDir.toString(), Location.EXTERNAL);
            cfg.routes.get("/fixed", ctx -> ctx.header("ETag", "\"idle\"").status(HttpStatus.NOT_MODIFIED));
        }).start("127.0.0.1", 0);
        try {
            String staticUrl = "http://127.0.0.1:" + baseline.port() + "/hello.txt";
            String fixedUrl = "http://127.0.0.1:" + baseline.port() + "/fixed";
            long start = System.nanoTime();
            long ticketed = checkInOnce(base, tokens, devices);
            System.out.printf("devices of the load checked in once for their ETag and ticket: %,d in %.1f s, %,d of "
                    + "them idle with a ticket (again before each check-in run)%n", tokens.size(), seconds(start),
                    ticketed);
            wrk.run(staticUrl, null, 5);
            wrk.run(fixedUrl, script, 5);
            wrk.run(checkInUrl, script, 5);
            System.out.printf("%n| round | static file (req/s) | fixed 304 route (req/s) | no-change check-in (req/s) "
                    + "| check-in / fixed route | load average |%n");
            System.out.println("|---|---|---|---|---|---|");
            for (int round = 1; round <= rounds; round++) {
                double staticRate = wrk.run(staticUrl, null, seconds);
                double fixedRate = wrk.run(fixedUrl, script, seconds);
                checkInOnce(base, tokens, devices);
                double checkInRate = wrk.run(checkInUrl, script, seconds);
                System.out.printf("| %d | %,.0f | %,.0f | %,.0f | %.2f | %s |%n", round, staticRate, fixedRate,
                        checkInRate, checkInRate / fixedRate, BenchMachine.loadAverage());
            }
            System.out.println();
        } finally {
            baseline.stop();
        }
    }

    /**
     * Checks in each device holding one of {@code tokens} for real, concurrently, and writes its token with what that
     * check-in gave it: the ETag (the rollout's, for the devices of its first wave; otherwise the idle one) and the
     * idle ticket, if any ({@code -} for none). So every request of the load is a no-change check-in, as a device
     * would make it. Answers how many got a ticket.
     */
    private static long checkInOnce(URI base, List<String> tokens, Path file) throws IOException, InterruptedException {
        List<String> lines = new ArrayList<>(tokens.size());
        try (HttpClient http = HttpClient.newHttpClient(); ExecutorService threads = Executors.newFixedThreadPool(32)) {
            List<Callable<String>> checkIns = tokens.stream()
                    .<Callable<String>>map(token -> () -> heldAfterCheckIn(http, base, token)).toList();
            for (Future<String> line : threads.invokeAll(checkIns)) {
                lines.add(line.get());
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("a device's check-in failed", e.getCause());
        }
        Files.write(file, lines);
        return lines.stream().filter(line -> !line.endsWith(" -")).count();
    }

    /** {@code token etag ticket} after a real check-in of the device holding {@code token}. */
    private static String heldAfterCheckIn(HttpClient http, URI base, String token)
            throws IOException, InterruptedException {
        var response = http.send(HttpRequest.newBuilder(base.resolve("/device/v1/checkin"))
                .header("Authorization", "Bearer " + token).build(), BodyHandlers.discarding());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("a check-in answered " + response.statusCode());
        }
        return token + " " + response.headers().firstValue("ETag").orElseThrow() + " "
                + response.headers().firstValue(DeviceRoutes.TICKET).orElse("-");
    }

    private static Wave wave(double percent) {
        return new Wave(percent, Duration.ofHours(1), 95, null, 5.0);
    }

    private static <T> T timed(long[] samples, int i, Supplier<T> call) {
        long start = System.nanoTime();
        T result = call.get();
        samples[i] = System.nanoTime() - start;
        return result;
    }

    /** The first sample (cold) and the median of the others (warm), in milliseconds. */
    private static void report(String what, long[] samples) {
        long[] warm = Arrays.copyOfRange(samples, 1, samples.length);
        Arrays.sort(warm);
        System.out.printf("%s: first %.1f ms, warm median %.1f ms (of %d), warm max %.1f ms%n", what,
                samples[0] / 1e6, warm[warm.length / 2] / 1e6, warm.length, warm[warm.length - 1] / 1e6);
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private static long heapAfterGc() {
        System.gc();
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
