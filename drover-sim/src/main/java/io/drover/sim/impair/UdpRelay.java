package io.drover.sim.impair;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A UDP relay on 127.0.0.1 that forwards datagrams to one target and impairs them on the way, one
 * {@link DatagramImpairment} per direction: the counterpart of {@link ImpairedRelay} for CoAP devices. Each client
 * address gets its own socket towards the target, so the target sees one peer per client and its answers find their
 * way back. A client silent for longer than the idle timeout loses its socket (a NAT forgetting a mapping). Randomness
 * comes from the given seed.
 */
public final class UdpRelay implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(UdpRelay.class);
    /** Larger than any datagram CoAP sends (a 1,024-byte block with its headers, DTLS records). */
    private static final int MAX_DATAGRAM = 2048;

    private final InetSocketAddress target;
    private final DatagramChannel listen;
    private final Way up;
    private final Way down;
    private final Duration idleTimeout;
    private final Map<SocketAddress, Session> sessions = new ConcurrentHashMap<>();
    private final ScheduledExecutorService delays;
    private final Thread receiver;
    private volatile boolean closed;

    private UdpRelay(InetSocketAddress target, DatagramImpairment upImpairment, DatagramImpairment downImpairment,
            RandomGenerator.SplittableGenerator random, Duration idleTimeout) throws IOException {
        this.target = target;
        this.idleTimeout = idleTimeout;
        this.up = new Way(upImpairment, random.split());
        this.down = new Way(downImpairment, random.split());
        this.listen = DatagramChannel.open(StandardProtocolFamily.INET)
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        this.delays = Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().name("udp-relay-delay").factory());
        this.receiver = Thread.ofVirtual().name("udp-relay-" + port()).start(this::fromClients);
    }

    /** Starts relaying to {@code target}; {@code up} applies to what clients send, {@code down} to the answers. */
    public static UdpRelay start(InetSocketAddress target, DatagramImpairment up, DatagramImpairment down,
            RandomGenerator.SplittableGenerator random, Duration idleTimeout) throws IOException {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(up, "up");
        Objects.requireNonNull(down, "down");
        Objects.requireNonNull(random, "random");
        if (!idleTimeout.isPositive()) {
            throw new IllegalArgumentException("idleTimeout must be positive");
        }
        return new UdpRelay(target, up, down, random, idleTimeout);
    }

    public int port() {
        try {
            return ((InetSocketAddress) listen.getLocalAddress()).getPort();
        } catch (IOException e) {
            throw new IllegalStateException("the relay's socket is closed", e);
        }
    }

    /** {@code scheme://127.0.0.1:port}: where a client should send what is meant for the target. */
    public URI url(String scheme) {
        return URI.create(scheme + "://127.0.0.1:" + port());
    }

    public DatagramStats stats() {
        return new DatagramStats(sessions.size(), up.forwarded.get(), up.lost.get(), up.corrupted.get(),
                down.forwarded.get(), down.lost.get(), down.corrupted.get(), up.bytes.get(), down.bytes.get());
    }

    private void fromClients() {
        ByteBuffer buffer = ByteBuffer.allocate(MAX_DATAGRAM);
        while (!closed) {
            SocketAddress client;
            try {
                buffer.clear();
                client = listen.receive(buffer);
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                LOG.debug("udp relay receive failed: {}", e.toString());
                continue;
            }
            Session session;
            try {
                session = sessions.computeIfAbsent(client, this::open);
            } catch (IllegalStateException e) {
                LOG.debug("udp relay cannot open a socket for {}: {}", client, e.toString());
                continue;
            }
            session.lastHeard = System.nanoTime();
            byte[] datagram = Arrays.copyOf(buffer.array(), buffer.position());
            up.pass(datagram, bytes -> session.upstream.send(ByteBuffer.wrap(bytes), target));
        }
    }

    private Session open(SocketAddress client) {
        try {
            DatagramChannel upstream = DatagramChannel.open(StandardProtocolFamily.INET)
                    .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            Session session = new Session(client, upstream);
            Thread.ofVirtual().name("udp-relay-" + port() + "-" + client).start(() -> fromTarget(session));
            return session;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private void fromTarget(Session session) {
        byte[] buffer = new byte[MAX_DATAGRAM];
        try {
            session.upstream.socket().setSoTimeout((int) Math.min(Integer.MAX_VALUE, idleTimeout.toMillis()));
        } catch (IOException e) {
            LOG.debug("udp relay cannot set a timeout: {}", e.toString());
        }
        while (!closed) {
            try {
                // A channel's receive ignores SO_TIMEOUT; its socket's receive waits at most the idle timeout.
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                session.upstream.socket().receive(packet);
                byte[] datagram = Arrays.copyOf(packet.getData(), packet.getLength());
                down.pass(datagram, bytes -> listen.send(ByteBuffer.wrap(bytes), session.client));
            } catch (SocketTimeoutException e) {
                if (System.nanoTime() - session.lastHeard > idleTimeout.toNanos()) {
                    forget(session);
                    return;
                }
            } catch (IOException e) {
                forget(session);
                return;
            }
        }
    }

    private void forget(Session session) {
        sessions.remove(session.client, session);
        try {
            session.upstream.close();
        } catch (IOException e) {
            LOG.debug("closing a udp relay socket: {}", e.toString());
        }
    }

    /** Stops relaying: closes every socket and drops what is still delayed. */
    @Override
    public void close() {
        closed = true;
        try {
            listen.close();
        } catch (IOException e) {
            LOG.debug("closing the udp relay: {}", e.toString());
        }
        sessions.values().forEach(this::forget);
        delays.shutdownNow();
        try {
            receiver.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static final class Session {
        final SocketAddress client;
        final DatagramChannel upstream;
        volatile long lastHeard = System.nanoTime();

        Session(SocketAddress client, DatagramChannel upstream) {
            this.client = client;
            this.upstream = upstream;
        }
    }

    @FunctionalInterface
    private interface Send {
        void send(byte[] datagram) throws IOException;
    }

    /** One direction: its impairment, its own random stream, and what it did. */
    private final class Way {
        final DatagramImpairment impairment;
        final RandomGenerator random;
        final Corrupter corrupter;
        final AtomicLong forwarded = new AtomicLong();
        final AtomicLong lost = new AtomicLong();
        final AtomicLong corrupted = new AtomicLong();
        final AtomicLong bytes = new AtomicLong();

        Way(DatagramImpairment impairment, RandomGenerator.SplittableGenerator random) {
            this.impairment = impairment;
            this.random = random.split();
            this.corrupter = new Corrupter(random.split(), impairment.corruptionProbability(),
                    impairment.maxCorruptions(), impairment.cleanBytes());
        }

        void pass(byte[] datagram, Send send) {
            long delayNanos;
            synchronized (this) {
                if (impairment.lossProbability() > 0 && random.nextDouble() < impairment.lossProbability()) {
                    lost.incrementAndGet();
                    return;
                }
                delayNanos = impairment.delay().toNanos();
                if (impairment.jitter().isPositive()) {
                    long jitter = impairment.jitter().toNanos();
                    delayNanos += random.nextLong(-jitter, jitter + 1);
                }
            }
            int changed = corrupter.corrupt(datagram, datagram.length);
            corrupted.addAndGet(changed);
            Runnable forward = () -> {
                try {
                    send.send(datagram);
                    forwarded.incrementAndGet();
                    bytes.addAndGet(datagram.length);
                } catch (IOException e) {
                    LOG.debug("udp relay send failed: {}", e.toString());
                }
            };
            if (delayNanos <= 0) {
                forward.run();
            } else {
                try {
                    delays.schedule(forward, delayNanos, TimeUnit.NANOSECONDS);
                } catch (RejectedExecutionException e) {
                    // Closed meanwhile: the datagram is lost with the relay.
                }
            }
        }
    }
}
