package io.drover.cli.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A Linux network namespace of this test run, joined to the host by a veth pair with a /30 of its own, for running a
 * process behind a real, impaired network stack: nftables drops packets at random on the link, {@code tc tbf} caps
 * the rate towards the namespace. Needs root. Names carry the JVM's pid ({@code drover-t-<pid>-<n>}, host end
 * {@code drvt<pid>h<n>}), so concurrent runs do not meet and leftovers of dead runs can be told apart; deleting a
 * namespace takes its veth pair with it. Only this project's namespaces are ever touched.
 *
 * <p>Every command is checked: one that fails throws with its stderr.
 */
public final class NetworkNamespace implements AutoCloseable {
    private static final String PREFIX = "drover-t-";
    private static final String VETH_PREFIX = "drvt";
    private static final Pattern OWN_NAMESPACE = Pattern.compile(Pattern.quote(PREFIX) + "(\\d+)-\\w+");
    /** The inner end of the veth pair; the name is free inside a namespace of its own. */
    private static final String INNER = "drover0";
    private static final String NFT_TABLE = "drover_impair";
    private static final List<Path> SYSTEM_BIN = List.of(Path.of("/usr/sbin"), Path.of("/sbin"), Path.of("/usr/bin"));

    private final String name;
    private final String hostEnd;
    private final InetAddress hostAddress;

    private NetworkNamespace(String name, String hostEnd, InetAddress hostAddress) {
        this.name = name;
        this.hostEnd = hostEnd;
        this.hostAddress = hostAddress;
    }

    /**
     * Why namespaces cannot be made here, or empty when they can: Linux, root, ip, tc and nft installed, and a trial
     * namespace could be added and deleted.
     */
    public static Optional<String> unavailable() {
        if (!System.getProperty("os.name").equals("Linux")) {
            return Optional.of("network namespaces need Linux");
        }
        if (!"root".equals(System.getProperty("user.name"))) {
            return Optional.of("network namespaces need root; this runs as " + System.getProperty("user.name"));
        }
        for (String tool : List.of("ip", "tc", "nft")) {
            if (tool(tool).isEmpty()) {
                return Optional.of(tool + " is not installed (.ci/run installs iproute2 and nftables)");
            }
        }
        String trial = PREFIX + ProcessHandle.current().pid() + "-trial";
        try {
            run("ip", "netns", "add", trial);
            run("ip", "netns", "delete", trial);
        } catch (IllegalStateException e) {
            return Optional.of("ip netns does not work here: " + e.getMessage());
        }
        return Optional.empty();
    }

    /** Deletes the namespaces of earlier runs whose JVM is gone (with their veth pairs); those of live runs stay. */
    public static void removeStale() {
        for (String namespace : namespaces()) {
            Matcher own = OWN_NAMESPACE.matcher(namespace);
            if (own.matches() && ProcessHandle.of(Long.parseLong(own.group(1))).isEmpty()) {
                run("ip", "netns", "delete", namespace);
            }
        }
    }

    /**
     * Namespace number {@code index} (0 to 7) of this run with its link up. Segmentation offload is off on both ends
     * (at most one segment per packet), so that the packets nftables and tc see are those of a real link, not 64 KiB
     * bundles.
     */
    public static NetworkNamespace create(int index) {
        if (index < 0 || index > 7) {
            throw new IllegalArgumentException("index must be 0 to 7");
        }
        long pid = ProcessHandle.current().pid();
        String name = PREFIX + pid + "-" + index;
        String hostEnd = VETH_PREFIX + pid + "h" + index;
        // A /30 in 10.213.0.0/16 chosen by pid and index: concurrent runs get different ones unless their pids
        // are equal modulo 2048.
        int block = (int) ((pid * 8 + index) % 16_384);
        byte[] subnet = {10, (byte) 213, (byte) (block >> 6), (byte) ((block & 63) << 2)};
        InetAddress host = address(subnet, 1);
        InetAddress inner = address(subnet, 2);
        if (namespaces().contains(name)) {
            run("ip", "netns", "delete", name); // left by an earlier run whose pid this JVM now has
        }
        run("ip", "netns", "add", name);
        NetworkNamespace namespace = new NetworkNamespace(name, hostEnd, host);
        try {
            run("ip", "link", "add", hostEnd, "type", "veth", "peer", "name", INNER, "netns", name);
            run("ip", "address", "add", host.getHostAddress() + "/30", "dev", hostEnd);
            run("ip", "link", "set", hostEnd, "gso_max_segs", "1", "up");
            run("ip", "-n", name, "address", "add", inner.getHostAddress() + "/30", "dev", INNER);
            run("ip", "-n", name, "link", "set", INNER, "gso_max_segs", "1", "up");
            run("ip", "-n", name, "link", "set", "lo", "up");
            return namespace;
        } catch (RuntimeException e) {
            namespace.close();
            throw e;
        }
    }

    /** The host's end of the link: what a server or relay for the namespace listens on. */
    public InetAddress hostAddress() {
        return hostAddress;
    }

    /** {@code command} as run inside the namespace ({@code ip netns exec}, which then executes it in place). */
    public List<String> inside(List<String> command) {
        List<String> full = new ArrayList<>(List.of(tool("ip").orElseThrow(), "netns", "exec", name));
        full.addAll(command);
        return full;
    }

    /**
     * Drops {@code percent} of the packets that reach the namespace over the link, at random (nftables
     * {@code numgen}, in the namespace's input hook): like netem's loss on the host's end, on the direction that
     * carries downloads. Packets cross the link one segment each (see {@link #create}), so a drop loses one segment.
     */
    public void dropPacketsInto(int percent) {
        if (percent < 1 || percent > 99) {
            throw new IllegalArgumentException("percent must be 1 to 99");
        }
        String rules = """
                table inet %1$s {
                  chain in { type filter hook input priority 0; policy accept;
                    iifname "%2$s" numgen random mod 100 < %3$d counter drop; }
                }
                """.formatted(NFT_TABLE, INNER, percent);
        runWithInput(rules, "ip", "netns", "exec", name, "nft", "-f", "-");
    }

    /** Packets the {@link #dropPacketsInto} rule dropped so far. */
    public long droppedPackets() {
        String table = run("ip", "netns", "exec", name, "nft", "list", "table", "inet", NFT_TABLE);
        Matcher counter = Pattern.compile("counter packets (\\d+)").matcher(table);
        if (!counter.find()) {
            throw new IllegalStateException("no drop counter in: " + table);
        }
        return Long.parseLong(counter.group(1));
    }

    /**
     * Caps what the host sends into the namespace at {@code rate} with a token bucket filter ({@code tc tbf}; a
     * rate such as {@code 2mbit}) and a bucket of {@code burstBytes}.
     */
    public void limitRateInto(String rate, int burstBytes) {
        run("tc", "qdisc", "add", "dev", hostEnd, "root", "tbf", "rate", rate, "burst", String.valueOf(burstBytes),
                "latency", "400ms");
    }

    /** Bytes the rate limit of {@link #limitRateInto} let through, and how often it held packets back. */
    public record ShaperStats(long sentBytes, long overlimits) {}

    public ShaperStats shaperStats() {
        String stats = run("tc", "-s", "qdisc", "show", "dev", hostEnd);
        Matcher sent = Pattern.compile("Sent (\\d+) bytes \\d+ pkt \\(dropped \\d+, overlimits (\\d+)").matcher(stats);
        if (!sent.find()) {
            throw new IllegalStateException("no tbf statistics in: " + stats);
        }
        return new ShaperStats(Long.parseLong(sent.group(1)), Long.parseLong(sent.group(2)));
    }

    /** Deletes the namespace; its end of the veth pair goes with it, and so does the host's. */
    @Override
    public void close() {
        run("ip", "netns", "delete", name);
    }

    private static List<String> namespaces() {
        return run("ip", "netns", "list").lines().map(line -> line.split(" ")[0]).toList();
    }

    private static InetAddress address(byte[] subnet, int host) {
        byte[] bytes = subnet.clone();
        bytes[3] += (byte) host;
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static String run(String... command) {
        return runWithInput(null, command);
    }

    /** Runs a system tool and returns its stdout; a non-zero exit throws with the command and its stderr. */
    private static String runWithInput(String input, String... command) {
        List<String> full = new ArrayList<>(List.of(command));
        full.set(0, tool(command[0]).orElseThrow(() -> new IllegalStateException(command[0] + " is not installed")));
        String shown = "`" + String.join(" ", command) + "`";
        Path stdout = null;
        Path stderr = null;
        try {
            stdout = Files.createTempFile("drover-netns", ".out");
            stderr = Files.createTempFile("drover-netns", ".err");
            Process process = new ProcessBuilder(full).redirectOutput(stdout.toFile()).redirectError(stderr.toFile())
                    .start();
            try (var in = process.getOutputStream()) {
                if (input != null) {
                    in.write(input.getBytes(StandardCharsets.UTF_8));
                }
            }
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(shown + " did not finish within 30 s");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(shown + " exited with " + process.exitValue() + ": "
                        + Files.readString(stderr).strip());
            }
            return Files.readString(stdout);
        } catch (IOException e) {
            throw new UncheckedIOException("running " + shown + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + shown, e);
        } finally {
            deleteQuietly(stdout);
            deleteQuietly(stderr);
        }
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // A temporary file left in /tmp harms nothing.
            }
        }
    }

    /** A system tool from PATH, or from the sbin folders a non-login root shell may lack. */
    private static Optional<String> tool(String name) {
        Stream<Path> path = Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
                .filter(dir -> !dir.isEmpty()).map(Path::of);
        return Stream.concat(path, SYSTEM_BIN.stream()).map(dir -> dir.resolve(name)).filter(Files::isExecutable)
                .map(Path::toString).findFirst();
    }
}
