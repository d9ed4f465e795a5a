package io.drover.sim.impair;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.Socket;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A TCP relay (on 127.0.0.1 unless told another local address) that forwards every connection to one target and
 * impairs it on the way, one {@link Impairment} per direction. This is how the emulator gets delay, jitter, loss and
 * corruption where the kernel offers no netem. Randomness comes from the given seed: each connection gets its own
 * split generator, in the order connections are accepted. A connection idle for longer than the idle timeout is
 * reset, so a stuck peer cannot keep threads forever; closing the relay resets every connection and stops every
 * thread.
 */
public final class ImpairedRelay implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ImpairedRelay.class);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    private final InetSocketAddress target;
    private final ServerSocket server;
    private final RelayConnection.Direction upstream;
    private final RelayConnection.Direction downstream;
    private final RandomGenerator.SplittableGenerator random;
    private final Duration idleTimeout;
    private final Set<RelayConnection> open = ConcurrentHashMap.newKeySet();
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong resets = new AtomicLong();
    private final Thread acceptor;

    private ImpairedRelay(InetAddress listenAddress, InetSocketAddress target, Impairment up, Impairment down,
            RandomGenerator.SplittableGenerator random, Duration idleTimeout) throws IOException {
        this.target = target;
        this.random = random;
        this.idleTimeout = idleTimeout;
        this.upstream = direction(up);
        this.downstream = direction(down);
        this.server = new ServerSocket(0, 50, listenAddress);
        this.acceptor = Thread.ofVirtual().name("relay-" + port()).start(this::accept);
    }

    /**
     * Starts relaying to {@code target}; {@code up} applies to what clients send, {@code down} to what the target
     * answers.
     */
    public static ImpairedRelay start(InetSocketAddress target, Impairment up, Impairment down,
            RandomGenerator.SplittableGenerator random, Duration idleTimeout) throws IOException {
        return start(InetAddress.getLoopbackAddress(), target, up, down, random, idleTimeout);
    }

    /**
     * Like {@link #start(InetSocketAddress, Impairment, Impairment, RandomGenerator.SplittableGenerator, Duration)},
     * listening on {@code listenAddress}: the host's end of a link into a network namespace, say.
     */
    public static ImpairedRelay start(InetAddress listenAddress, InetSocketAddress target, Impairment up,
            Impairment down, RandomGenerator.SplittableGenerator random, Duration idleTimeout) throws IOException {
        Objects.requireNonNull(listenAddress, "listenAddress");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(up, "up");
        Objects.requireNonNull(down, "down");
        Objects.requireNonNull(random, "random");
        if (!idleTimeout.isPositive()) {
            throw new IllegalArgumentException("idleTimeout must be positive");
        }
        return new ImpairedRelay(listenAddress, target, up, down, random, idleTimeout);
    }

    public int port() {
        return server.getLocalPort();
    }

    /** {@code http://address:port}, the base URL for HTTP clients that should go through the relay. */
    public URI httpUrl() {
        InetAddress address = server.getInetAddress();
        String host = address instanceof Inet6Address ? "[" + address.getHostAddress() + "]" : address.getHostAddress();
        return URI.create("http://" + host + ":" + port());
    }

    public RelayStats stats() {
        return new RelayStats(accepted.get(), resets.get(), upstream.counters().forwarded(),
                downstream.counters().forwarded(), upstream.counters().corrupted(),
                downstream.counters().corrupted());
    }

    private RelayConnection.Direction direction(Impairment impairment) {
        return new RelayConnection.Direction(impairment,
                new Corrupter(random.split(), impairment.corruptionProbability(), impairment.maxCorruptions(),
                        impairment.cleanBytes()),
                new RelayCounters());
    }

    private void accept() {
        while (!server.isClosed()) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                return; // closed
            }
            long id = accepted.incrementAndGet();
            RandomGenerator.SplittableGenerator connectionRandom = random.split();
            Thread.ofVirtual().name("relay-" + port() + "-connect-" + id)
                    .start(() -> relay(client, id, connectionRandom));
        }
    }

    private void relay(Socket client, long id, RandomGenerator.SplittableGenerator connectionRandom) {
        Socket toTarget = new Socket();
        try {
            toTarget.connect(target, (int) CONNECT_TIMEOUT.toMillis());
            int idleMillis = (int) Math.min(Integer.MAX_VALUE, idleTimeout.toMillis());
            client.setSoTimeout(idleMillis);
            toTarget.setSoTimeout(idleMillis);
            client.setTcpNoDelay(true);
            toTarget.setTcpNoDelay(true);
            RelayConnection connection = new RelayConnection(client, toTarget, this::closed);
            open.add(connection);
            if (server.isClosed()) {
                connection.reset();
                return;
            }
            connection.start("relay-" + port() + "-" + id, upstream, downstream, connectionRandom);
        } catch (IOException e) {
            LOG.debug("relay connection {} to {} failed: {}", id, target, e.toString());
            new RelayConnection(client, toTarget, this::closed).reset();
        }
    }

    private void closed(RelayConnection connection) {
        open.remove(connection);
        if (connection.wasReset()) {
            resets.incrementAndGet();
        }
    }

    /** Stops accepting, resets every open connection and waits for the acceptor. */
    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            LOG.debug("closing relay socket: {}", e.toString());
        }
        open.forEach(RelayConnection::reset);
        try {
            acceptor.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
