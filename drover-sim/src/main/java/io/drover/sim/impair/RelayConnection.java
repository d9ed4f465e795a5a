package io.drover.sim.impair;

import java.io.IOException;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * A client socket and its socket to the target, pumped both ways. A reset closes both at once with an RST (linger 0)
 * so each peer sees a broken connection, as after a real network failure; a clean end of one direction is passed on
 * as a half-close, and the sockets close when both directions ended.
 */
final class RelayConnection {
    private final Socket client;
    private final Socket target;
    private final Consumer<RelayConnection> onClosed;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicInteger openDirections = new AtomicInteger(2);
    private final AtomicBoolean wasReset = new AtomicBoolean();
    private List<Thread> threads = List.of();
    private Pump up;
    private Pump down;

    RelayConnection(Socket client, Socket target, Consumer<RelayConnection> onClosed) {
        this.client = client;
        this.target = target;
        this.onClosed = onClosed;
    }

    void start(String name, Direction upstream, Direction downstream, RandomGenerator.SplittableGenerator random)
            throws IOException {
        up = new Pump(client.getInputStream(), target.getOutputStream(), upstream.impairment(), upstream.corrupter(),
                random.split(), upstream.counters(), this);
        down = new Pump(target.getInputStream(), client.getOutputStream(), downstream.impairment(),
                downstream.corrupter(), random.split(), downstream.counters(), this);
        threads = List.of(up.startReader(name + "-up"), up.startWriter(name + "-up"),
                down.startReader(name + "-down"), down.startWriter(name + "-down"));
    }

    boolean wasReset() {
        return wasReset.get();
    }

    /** Resets both sides and stops every pump thread of this connection. */
    void reset() {
        wasReset.set(true);
        try {
            client.setSoLinger(true, 0);
            target.setSoLinger(true, 0);
        } catch (IOException e) {
            // Already closed: nothing left to reset.
        }
        close();
    }

    void halfClose(Pump finished) {
        try {
            (finished == up ? target : client).shutdownOutput();
        } catch (IOException e) {
            reset();
            return;
        }
        if (openDirections.decrementAndGet() == 0) {
            close();
        }
    }

    void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        closeQuietly(client);
        closeQuietly(target);
        threads.stream().filter(t -> t != Thread.currentThread()).forEach(Thread::interrupt);
        onClosed.accept(this);
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // Closing is best effort: the socket is unusable either way.
        }
    }

    /** One direction's settings and the state it shares across connections. */
    record Direction(Impairment impairment, Corrupter corrupter, RelayCounters counters) {}
}
