package io.drover.bench;

import io.drover.cli.api.ManagementClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * {@code ./drover bench coap [MiB] [rounds] [loss-KiB]}: block-wise download throughput and server CPU per block of
 * Drover's CoAP endpoint (the plain UDP port, {@code GET /a/{sha256}}) against libcoap's own {@code coap-server-notls}
 * serving the same file (PUT to one of its dynamic resources), both fetched by the same client, libcoap's
 * {@code coap-client-notls}, on loopback: at 1024- and 64-byte blocks, and at 1024-byte blocks under 10 % packet loss
 * each way, dropped by nftables ({@code numgen random}) on input of the loopback UDP traffic of the two ports (as
 * root; elsewhere by the client's own {@code -l 10%}, which drops only what the client sends). Both servers are warmed
 * up first with some 100,000 requests each. Both servers run in their own processes; their CPU is read from
 * {@code /proc/PID/task/*\/schedstat} before and after each download, less what each spends idle (measured over 20 s
 * after the warm-up); not under loss, where it is lost in the idle CPU's variation. Every download is checked byte for
 * byte; each line is the median of the rounds.
 */
public final class CoapDownloadLoad {
    private static final Pattern COAP_PORT = Pattern.compile("CoAP artifacts \\(plain UDP\\): coap://[^:]+:(\\d+)/");
    private static final Path CLIENT = Path.of("/usr/bin/coap-client-notls");
    private static final Path LIBCOAP_SERVER = Path.of("/usr/bin/coap-server-notls");
    private static final int LOSS_PERCENT = 10;
    private static final long IDLE_WINDOW_MILLIS = 20_000;
    /**
     * How long the client waits for the whole download. Under loss, libcoap's client now and then stops asking in the
     * middle and only gives up at this limit, whichever server it talks to; whole downloads take well under it.
     */
    private static final long GIVE_UP_SECONDS = 240;

    private CoapDownloadLoad() {}

    /** One way of fetching: a block size, a file, with or without loss. */
    private record Case(int blockSize, Path file, boolean lossy) {}

    /**
     * A server under test: where it listens, the process whose CPU counts, and the CPU that process spends idle (its
     * background work: Drover's ledger sequencer, rollout passes and JVM housekeeping), in nanoseconds per second,
     * which is taken off each download's CPU.
     */
    private record Target(String name, int port, long pid, double idleNanosPerSecond) {
        Target measuringIdle() throws IOException, InterruptedException {
            long before = cpuNanos(pid);
            long start = System.nanoTime();
            Thread.sleep(IDLE_WINDOW_MILLIS);
            double seconds = (System.nanoTime() - start) / 1e9;
            return new Target(name, port, pid, (cpuNanos(pid) - before) / seconds);
        }
    }

    /** One download: its time and the server's CPU, and how many attempts before it ended whole. */
    private record Fetch(double seconds, double cpuMicros, int cutShort) {}

    public static void main(String[] args) throws Exception {
        int mib = args.length > 0 ? Integer.parseInt(args[0]) : 1;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int lossKib = args.length > 2 ? Integer.parseInt(args[2]) : 64;
        for (Path tool : List.of(CLIENT, LIBCOAP_SERVER)) {
            if (!Files.isExecutable(tool)) {
                throw new IllegalStateException(tool + " is missing: apt-get install libcoap3-bin");
            }
        }
        Path work = Files.createTempDirectory("drover-bench-coap");
        Path big = randomFile(work.resolve("big.bin"), mib << 20, 1);
        Path small = randomFile(work.resolve("small.bin"), lossKib << 10, 2);
        System.out.println(BenchMachine.describe());
        System.out.println("client: " + version(CLIENT) + "; servers: Drover (Californium, plain UDP port) and "
                + version(LIBCOAP_SERVER) + "; " + rounds + " rounds, medians");
        Process libcoap = null;
        try (ServerProcess drover = ServerProcess.start(work.resolve("server"), List.of("--coap-port", "0"),
                COAP_PORT)) {
            ManagementClient admin = new ManagementClient(drover.base(), ServerProcess.ADMIN_TOKEN);
            int libcoapPort = freeUdpPort();
            libcoap = new ProcessBuilder(LIBCOAP_SERVER.toString(), "-A", "127.0.0.1", "-p",
                    Integer.toString(libcoapPort), "-d", "10", "-v", "0").redirectErrorStream(true)
                    .redirectOutput(work.resolve("libcoap-server.log").toFile()).start();
            Thread.sleep(300); // coap-server prints nothing when it is ready
            for (Path file : List.of(big, small)) {
                admin.uploadArtifact(file, sha256(file));
                run(CLIENT.toString(), "-m", "put", "-b", "1024", "-B", "60", "-f", file.toString(),
                        "coap://127.0.0.1:" + libcoapPort + "/a/" + sha256(file));
            }
            Target droverTarget = new Target("Drover", Integer.parseInt(drover.printed(COAP_PORT)), drover.pid(), 0);
            Target libcoapTarget = new Target("libcoap", libcoapPort, libcoap.pid(), 0);
            boolean nft = "root".equals(System.getProperty("user.name")) && Files.isExecutable(Path.of("/usr/sbin/nft"));
            System.out.println("loss: " + LOSS_PERCENT + " % " + (nft
                    ? "of the datagrams each way, dropped by nftables on loopback input (numgen random, both server ports)"
                    : "of the client's datagrams, by coap-client -l (nftables needs root)"));
            // Warm-up, not counted: some 100,000 requests each, so that the JVM has compiled Drover's request path.
            for (Target target : List.of(droverTarget, libcoapTarget)) {
                for (int i = 0; i < (64 << 20) / Files.size(big); i++) {
                    fetch(target, new Case(1024, big, false), work, false);
                }
                for (int i = 0; i < (2 << 20) / Files.size(big) + 1; i++) {
                    fetch(target, new Case(64, big, false), work, false);
                }
            }
            droverTarget = droverTarget.measuringIdle();
            libcoapTarget = libcoapTarget.measuringIdle();
            System.out.printf("idle CPU, taken off each download's: Drover %.2f ms/s, libcoap %.2f ms/s%n",
                    droverTarget.idleNanosPerSecond() / 1e6, libcoapTarget.idleNanosPerSecond() / 1e6);
            System.out.printf("%-24s %-8s %12s %12s %10s %16s %16s %10s%n", "case", "file", "Drover KiB/s",
                    "libcoap KiB/s", "ratio", "Drover CPU/blk", "libcoap CPU/blk", "CPU ratio");
            for (Case c : List.of(new Case(1024, big, false), new Case(64, big, false), new Case(1024, small, true))) {
                List<Fetch> droverFetches = new ArrayList<>();
                List<Fetch> libcoapFetches = new ArrayList<>();
                try (Loss loss = c.lossy() && nft ? Loss.drop(LOSS_PERCENT, droverTarget.port(), libcoapPort)
                        : Loss.NONE) {
                    for (int round = 0; round < rounds; round++) {
                        droverFetches.add(fetch(droverTarget, c, work, c.lossy() && !nft));
                        libcoapFetches.add(fetch(libcoapTarget, c, work, c.lossy() && !nft));
                    }
                }
                long size = Files.size(c.file());
                long blocks = (size + c.blockSize() - 1) / c.blockSize();
                double droverSeconds = median(droverFetches.stream().map(Fetch::seconds));
                double libcoapSeconds = median(libcoapFetches.stream().map(Fetch::seconds));
                // Under loss a download waits out retransmission timeouts for tens of seconds: the few milliseconds
                // its blocks cost vanish in how much a server's idle CPU varies over that time, so none is shown.
                String cpu = c.lossy() ? "%16s %16s %10s".formatted("-", "-", "-")
                        : cpuPerBlock(droverFetches, libcoapFetches, blocks);
                System.out.printf("%-24s %-8s %12.0f %12.0f %10.2f %s%n",
                        c.blockSize() + "-byte blocks" + (c.lossy() ? ", " + LOSS_PERCENT + " % loss" : ""),
                        (size >> 10) + " KiB", size / 1024.0 / droverSeconds, size / 1024.0 / libcoapSeconds,
                        libcoapSeconds / droverSeconds, cpu);
                System.out.println("    seconds per download, Drover: " + seconds(droverFetches) + "; libcoap: "
                        + seconds(libcoapFetches) + (c.lossy() ? "; downloads the client cut short and began again, "
                        + "Drover: " + cutShort(droverFetches) + ", libcoap: " + cutShort(libcoapFetches) : ""));
            }
        } finally {
            if (libcoap != null) {
                libcoap.destroy();
                libcoap.waitFor();
            }
            try (Stream<Path> files = Files.walk(work)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /**
     * Downloads the case's file from {@code target} with coap-client, checks it, and measures time and server CPU.
     * Under loss, libcoap's client (4.3.1) sometimes ends early with exit code 0 and part of the file, whichever server
     * it talks to: such an attempt is counted and made again (at most 5 times); the time is the whole attempt's.
     */
    private static Fetch fetch(Target target, Case c, Path work, boolean clientLoss) throws Exception {
        for (int cutShort = 0; cutShort < 5; cutShort++) {
            Fetch fetch = attempt(target, c, work, clientLoss);
            if (fetch != null) {
                return new Fetch(fetch.seconds(), fetch.cpuMicros(), cutShort);
            }
            if (!c.lossy()) {
                break;
            }
        }
        throw new IllegalStateException(target.name() + " did not serve " + c.file().getFileName() + " whole");
    }

    /** One download; null when the client ended without the whole file. */
    private static Fetch attempt(Target target, Case c, Path work, boolean clientLoss) throws Exception {
        Path out = work.resolve("out.bin");
        Files.deleteIfExists(out);
        List<String> command = new ArrayList<>(List.of(CLIENT.toString(), "-m", "get", "-b",
                Integer.toString(c.blockSize()), "-B", Long.toString(GIVE_UP_SECONDS), "-o", out.toString()));
        if (clientLoss) {
            command.addAll(List.of("-l", LOSS_PERCENT + "%"));
        }
        command.add("coap://127.0.0.1:" + target.port() + "/a/" + sha256(c.file()));
        long cpu = cpuNanos(target.pid());
        long start = System.nanoTime();
        String output = run(command.toArray(String[]::new));
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpuMicros = (cpuNanos(target.pid()) - cpu - target.idleNanosPerSecond() * seconds) / 1000.0;
        if (!Files.exists(out) || !Arrays.equals(Files.readAllBytes(out), Files.readAllBytes(c.file()))) {
            System.out.printf("    %s: the client ended with %s of %d bytes%s%n", target.name(),
                    Files.exists(out) ? Files.size(out) + "" : "none", Files.size(c.file()),
                    output.isBlank() ? "" : " and said: " + output.strip());
            return null;
        }
        return new Fetch(seconds, cpuMicros, 0);
    }

    /** CPU time of every thread of process {@code pid} so far, in nanoseconds. */
    private static long cpuNanos(long pid) throws IOException {
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            return tasks.mapToLong(task -> {
                try {
                    return Long.parseLong(Files.readString(task.resolve("schedstat")).split(" ")[0]);
                } catch (IOException e) {
                    return 0; // a thread that ended between listing and reading
                }
            }).sum();
        }
    }

    /** Runs a command to its end; what it printed. */
    private static String run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(15, TimeUnit.MINUTES) || process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
        }
        return output;
    }

    /** The tool's name and version from its usage text ({@code coap-client-notls v4.3.1}). */
    private static String version(Path tool) throws IOException {
        Process process = new ProcessBuilder(tool.toString(), "-?").redirectErrorStream(true).start();
        return new String(process.getInputStream().readAllBytes()).lines()
                .filter(l -> l.matches(".* v\\d.*")).findFirst().orElse(tool.toString())
                .replace(" -- a small CoAP implementation", "").strip();
    }

    /** Each server's median CPU per block, and their ratio, as a line of the table shows them. */
    private static String cpuPerBlock(List<Fetch> drover, List<Fetch> libcoap, long blocks) {
        double droverCpu = median(drover.stream().map(Fetch::cpuMicros)) / blocks;
        double libcoapCpu = median(libcoap.stream().map(Fetch::cpuMicros)) / blocks;
        return "%13.1f µs %13.1f µs %10.2f".formatted(droverCpu, libcoapCpu, droverCpu / libcoapCpu);
    }

    private static String seconds(List<Fetch> fetches) {
        return String.join(" ", fetches.stream().map(f -> String.format("%.3f", f.seconds())).toList());
    }

    private static int cutShort(List<Fetch> fetches) {
        return fetches.stream().mapToInt(Fetch::cutShort).sum();
    }

    private static double median(Stream<Double> values) {
        double[] sorted = values.mapToDouble(Double::doubleValue).sorted().toArray();
        return sorted.length % 2 == 1 ? sorted[sorted.length / 2]
                : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    }

    private static Path randomFile(Path file, int size, long seed) throws IOException {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return Files.write(file, bytes);
    }

    private static String sha256(Path file) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int freeUdpPort() throws IOException {
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** Random loss on loopback UDP to and from some ports, by an nftables table of this process, removed on close. */
    private interface Loss extends AutoCloseable {
        Loss NONE = () -> { };

        static Loss drop(int percent, int... ports) throws IOException, InterruptedException {
            String table = "drover_bench_" + ProcessHandle.current().pid();
            String set = String.join(", ", Arrays.stream(ports).mapToObj(Integer::toString).toList());
            run("nft", "add", "table", "inet", table);
            try {
                // On input, not output: a datagram dropped on output fails the sender's sendto (EPERM), which is no
                // loss a network makes, and libcoap's client gives up on the exchange.
                run("nft", "add", "chain", "inet", table, "in", "{ type filter hook input priority 0; }");
                for (String direction : List.of("dport", "sport")) {
                    run("nft", "add", "rule", "inet", table, "in", "udp", direction, "{ " + set + " }", "numgen",
                            "random", "mod", "100", "<", Integer.toString(percent), "drop");
                }
            } catch (RuntimeException | IOException | InterruptedException e) {
                run("nft", "delete", "table", "inet", table);
                throw e;
            }
            // A harness stopped by a signal does not reach close(): the loss must not outlive it.
            Thread cleanUp = new Thread(() -> {
                try {
                    run("nft", "delete", "table", "inet", table);
                } catch (IOException | InterruptedException | RuntimeException e) {
                    System.err.println("nft table " + table + " is left: delete it with nft delete table inet " + table);
                }
            });
            Runtime.getRuntime().addShutdownHook(cleanUp);
            return () -> {
                Runtime.getRuntime().removeShutdownHook(cleanUp);
                run("nft", "delete", "table", "inet", table);
            };
        }

        @Override
        void close() throws IOException, InterruptedException;
    }
}
