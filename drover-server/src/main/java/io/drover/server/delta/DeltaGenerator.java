package io.drover.server.delta;

import io.drover.delta.DeltaEncoder;
import io.drover.server.artifact.Artifact;
import io.drover.server.artifact.ArtifactService;
import io.drover.server.blob.Sha256;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes deltas off the request path: one worker thread per node, so a node holds at most one pair's images (and the
 * suffix sort's 8 bytes per base byte) at a time, and a bounded queue; a check-in that finds no delta asks for one and
 * is answered without it. Each pair is claimed in the database first, so of all nodes exactly one makes it; a claim
 * older than {@link #CLAIM_TIMEOUT} (a node that died while making it) is taken over.
 */
public final class DeltaGenerator implements AutoCloseable {
    /**
     * A delta over this share of its target's size is not offered: the bytes it saves would not pay for applying it
     * (and for a fallback when it fails).
     */
    public static final double MAX_SHARE = 0.5;
    /** Images over this size get no delta: making one holds both images and 8 bytes per base byte in memory. */
    public static final long MAX_IMAGE_BYTES = 256L << 20;
    static final Duration CLAIM_TIMEOUT = Duration.ofMinutes(15);
    private static final int MAX_QUEUED = 64;
    private static final Logger LOG = LoggerFactory.getLogger(DeltaGenerator.class);

    private final DeltaStore store;
    private final ArtifactService artifacts;
    private final Clock clock;
    private final Set<Pair> queued = ConcurrentHashMap.newKeySet();
    private final ThreadPoolExecutor worker;

    DeltaGenerator(DeltaStore store, ArtifactService artifacts, Clock clock) {
        this.store = store;
        this.artifacts = artifacts;
        this.clock = clock;
        this.worker = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(MAX_QUEUED),
                Thread.ofPlatform().name("drover-delta").daemon().factory());
    }

    /**
     * Asks for the delta from {@code base} to {@code target} (artifact digests) to be made, and returns at once. A pair
     * already queued on this node, or one that finds the queue full, is left for a later check-in to ask again.
     */
    void request(String base, String target) {
        Pair pair = new Pair(base, target);
        if (!queued.add(pair)) {
            return;
        }
        try {
            worker.execute(() -> {
                try {
                    make(pair);
                } finally {
                    queued.remove(pair);
                }
            });
        } catch (RejectedExecutionException e) {
            queued.remove(pair);
        }
    }

    private void make(Pair pair) {
        Instant now = clock.instant();
        if (!store.claim(pair.base, pair.target, now, now.minus(CLAIM_TIMEOUT))) {
            return;
        }
        try {
            byte[] base = read(pair.base);
            byte[] target = read(pair.target);
            if (base == null || target == null) {
                store.finish(pair.base, pair.target, DeltaStatus.FAILED, null, null,
                        "an image is over the " + MAX_IMAGE_BYTES + " bytes deltas are made for");
                return;
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            DeltaEncoder.create(base, target, out);
            byte[] delta = out.toByteArray();
            if (delta.length > MAX_SHARE * target.length) {
                store.finish(pair.base, pair.target, DeltaStatus.TOO_LARGE, null, (long) delta.length,
                        "the delta has " + delta.length + " bytes, over " + MAX_SHARE + " of the target's "
                                + target.length);
                return;
            }
            Artifact stored = artifacts.upload(() -> new ByteArrayInputStream(delta), OptionalLong.of(delta.length),
                    Sha256.digestOf(delta)).artifact();
            store.finish(pair.base, pair.target, DeltaStatus.READY, stored.sha256(), stored.size(), null);
            LOG.info("delta {} -> {}: {} bytes for a target of {}", pair.base, pair.target, delta.length,
                    target.length);
        } catch (IOException | RuntimeException | StackOverflowError | OutOfMemoryError e) {
            LOG.warn("delta {} -> {} could not be made", pair.base, pair.target, e);
            store.finish(pair.base, pair.target, DeltaStatus.FAILED, null, null, cut(String.valueOf(e)));
        }
    }

    /** The artifact's bytes, or null when it is over {@link #MAX_IMAGE_BYTES}. */
    private byte[] read(String sha256) throws IOException {
        Sha256 digest = new Sha256(sha256);
        long size = artifacts.find(digest).orElseThrow().size();
        if (size > MAX_IMAGE_BYTES) {
            return null;
        }
        ByteBuffer bytes = ByteBuffer.allocate((int) size);
        try (SeekableByteChannel channel = artifacts.open(digest)) {
            while (bytes.hasRemaining() && channel.read(bytes) != -1) {
                // Reads until full; a shorter blob is caught below.
            }
        }
        if (bytes.hasRemaining()) {
            throw new IOException("artifact " + sha256 + " holds fewer than its " + size + " bytes");
        }
        return bytes.array();
    }

    private static String cut(String reason) {
        return reason.length() <= 1000 ? reason : reason.substring(0, 999) + "…";
    }

    /** Waits for the deltas asked for so far to be made (for an orderly stop), then stops the worker. */
    @Override
    public void close() {
        worker.shutdown();
        try {
            worker.awaitTermination(1, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private record Pair(String base, String target) {}
}
