package io.drover.sim.impair;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.random.RandomGenerator;

/**
 * One direction of one relayed connection. A reader stamps each chunk with the time it may leave and a writer
 * releases it then, so delay adds latency without capping throughput; the queue between them is bounded, so a slow
 * receiver slows the sender as TCP would.
 */
final class Pump {
    private static final int MAX_CHUNK = 16 * 1024;
    private static final int QUEUE_CHUNKS = 64;

    private sealed interface Item {}

    private record Chunk(byte[] bytes, long dueNanos) implements Item {}

    /** The sender finished ({@code reset} false) or the connection must be reset. */
    private record End(boolean reset) implements Item {}

    private final InputStream in;
    private final OutputStream out;
    private final Impairment impairment;
    private final Corrupter corrupter;
    private final RandomGenerator random;
    private final RelayCounters counters;
    private final RelayConnection connection;
    private final BlockingQueue<Item> queue = new ArrayBlockingQueue<>(QUEUE_CHUNKS);

    Pump(InputStream in, OutputStream out, Impairment impairment, Corrupter corrupter, RandomGenerator random,
            RelayCounters counters, RelayConnection connection) {
        this.in = in;
        this.out = out;
        this.impairment = impairment;
        this.corrupter = corrupter;
        this.random = random;
        this.counters = counters;
        this.connection = connection;
    }

    Thread startReader(String name) {
        return Thread.ofVirtual().name(name + "-read").start(this::read);
    }

    Thread startWriter(String name) {
        return Thread.ofVirtual().name(name + "-write").start(this::write);
    }

    private void read() {
        byte[] buffer = new byte[chunkSize()];
        long received = 0;
        try {
            while (true) {
                int length = in.read(buffer);
                if (length < 0) {
                    queue.put(new End(false));
                    return;
                }
                long now = System.nanoTime();
                if (impairment.disconnectProbability() > 0 && random.nextDouble() < impairment.disconnectProbability()) {
                    queue.put(new End(true));
                    return;
                }
                long limit = impairment.disconnectAfterBytes();
                boolean last = limit > 0 && received + length >= limit;
                if (last) {
                    length = (int) (limit - received);
                }
                byte[] chunk = Arrays.copyOf(buffer, length);
                counters.corrupted(corrupter.corrupt(chunk, length));
                received += length;
                queue.put(new Chunk(chunk, now + delayNanos()));
                if (last) {
                    queue.put(new End(true));
                    return;
                }
            }
        } catch (IOException e) {
            queue.offer(new End(true));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void write() {
        long bandwidthFreeAt = System.nanoTime();
        try {
            while (true) {
                switch (queue.take()) {
                    case Chunk chunk -> {
                        sleepUntil(Math.max(chunk.dueNanos(), bandwidthFreeAt));
                        out.write(chunk.bytes());
                        out.flush();
                        counters.forwarded(chunk.bytes().length);
                        if (impairment.bytesPerSecond() > 0) {
                            bandwidthFreeAt = Math.max(System.nanoTime(), bandwidthFreeAt)
                                    + chunk.bytes().length * 1_000_000_000L / impairment.bytesPerSecond();
                        }
                    }
                    case End end -> {
                        if (end.reset()) {
                            connection.reset();
                        } else {
                            connection.halfClose(this);
                        }
                        return;
                    }
                }
            }
        } catch (IOException e) {
            connection.reset();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Small chunks under a tight bandwidth limit, so pacing is smooth rather than one burst per second. */
    private int chunkSize() {
        long bps = impairment.bytesPerSecond();
        return bps == 0 ? MAX_CHUNK : (int) Math.clamp(bps / 50, 256, MAX_CHUNK);
    }

    private long delayNanos() {
        long delay = impairment.delay().toNanos();
        long jitter = impairment.jitter().toNanos();
        return jitter == 0 ? delay : delay + random.nextLong(-jitter, jitter + 1);
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        long wait = nanoTime - System.nanoTime();
        if (wait > 0) {
            Thread.sleep(Duration.ofNanos(wait));
        }
    }
}
