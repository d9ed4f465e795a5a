package io.drover.agent.gateway;

import io.drover.agent.download.DownloadResult;
import io.drover.agent.download.ResumingFetch;
import io.drover.agent.internal.AtomicFiles;
import io.drover.agent.slot.ImageDigest;
import io.drover.agent.slot.PartialFile;
import io.drover.error.DroverException;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A gateway's artifacts and envelopes ({@link BlobKind}), each a file named by its SHA-256 and served only once its
 * bytes were found to have that digest. A miss fetches it from the server (through {@link ResumingFetch}, which
 * resumes and checks the digest), once however many devices ask for it meanwhile: they all wait for the same fetch.
 * The cache never holds more than its limit of verified bytes, both kinds together: the least recently served go
 * first.
 *
 * <p>A file is hashed again whenever a device starts a transfer of it, and between its blocks it is served while its
 * size, modification time and file key stay what they were when it was verified; a file changed behind the cache's
 * back is deleted and fetched again. Files found in the folder at start are verified before their first use.
 * What it holds is what the server stores: signed envelopes and signed and encrypted releases' payloads, which the
 * cache can neither read nor alter without the devices noticing, since each device checks every envelope's signature
 * and every digest the signed manifest gives.
 */
public final class BlobCache {
    private static final Logger log = LoggerFactory.getLogger(BlobCache.class);
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");
    private static final String PARTIAL_SUFFIX = ".part";

    private final Path dir;
    private final long maxBytes;
    private final ResumingFetch upstream;
    private final Map<Key, Cached> verified = new ConcurrentHashMap<>();
    private final Map<Key, CompletableFuture<Cached>> fetching = new ConcurrentHashMap<>();
    private final AtomicLong clock = new AtomicLong();
    private final Map<BlobKind, AtomicLong> fetches = counters();
    private final Map<BlobKind, AtomicLong> transfers = counters();

    /** One thing the cache holds: its kind and its SHA-256. */
    private record Key(BlobKind kind, String sha256) {
        @Override
        public String toString() {
            return kind.noun() + " " + sha256;
        }
    }

    private BlobCache(Path dir, long maxBytes, ResumingFetch upstream) {
        this.dir = dir;
        this.maxBytes = maxBytes;
        this.upstream = upstream;
    }

    /** @param upstream fetches from the server by the names {@link BlobKind} gives */
    public static BlobCache open(Path dir, long maxBytes, ResumingFetch upstream) throws IOException {
        if (maxBytes < 1) {
            throw new IllegalArgumentException("the cache must hold at least one byte");
        }
        for (BlobKind kind : BlobKind.values()) {
            AtomicFiles.createDirectories(kind.folder(dir));
        }
        return new BlobCache(dir, maxBytes, Objects.requireNonNull(upstream, "upstream"));
    }

    /** Whether {@code name} can name what the cache holds: 64 lowercase hex digits. */
    public static boolean isSha256(String name) {
        return SHA256_HEX.matcher(name).matches();
    }

    /**
     * The verified {@code kind} with digest {@code sha256}: at once when the cache holds it intact, else once it is
     * fetched (or verified, when a file was kept from before). With {@code startsTransfer} (a device asks for its
     * first block), a file held is hashed again first. Fails with the server's {@link DroverException} (an unknown
     * one is {@code NOT_FOUND}) or the fetch's reason.
     */
    public CompletableFuture<Cached> get(BlobKind kind, String sha256, boolean startsTransfer) {
        if (!isSha256(sha256)) {
            throw new IllegalArgumentException("not a SHA-256: " + sha256);
        }
        Key key = new Key(kind, sha256);
        if (startsTransfer) {
            transfers.get(kind).incrementAndGet();
        }
        Cached cached = verified.get(key);
        if (cached != null) {
            if (!cached.intact()) {
                log.warn("cached {} changed since it was verified: deleting it and fetching it again", key);
                forget(cached);
            } else if (startsTransfer) {
                verified.remove(key, cached); // The fill hashes the file it finds.
            } else {
                cached.lastServed = clock.incrementAndGet();
                return CompletableFuture.completedFuture(cached);
            }
        }
        return fetching.computeIfAbsent(key, this::startFill);
    }

    /** {@code length} bytes of a verified file from {@code offset}, all inside it. */
    public byte[] read(Cached blob, long offset, int length) throws IOException {
        byte[] bytes = new byte[length];
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        try (FileChannel file = FileChannel.open(blob.file, StandardOpenOption.READ)) {
            while (buffer.hasRemaining()) {
                if (file.read(buffer, offset + buffer.position()) < 0) {
                    throw new EOFException(blob.file + " ends before byte " + (offset + length));
                }
            }
        }
        return bytes;
    }

    /** Drops a file that could not be read as verified, so that the next request fetches it again. */
    public void invalidate(Cached blob) {
        forget(blob);
    }

    /** How many fetches of {@code kind} from the server the cache started (the first ask for one it did not hold). */
    public long fetches(BlobKind kind) {
        return fetches.get(kind).get();
    }

    /** How many transfers of {@code kind} devices started (asked for a first block), served or not. */
    public long transfers(BlobKind kind) {
        return transfers.get(kind).get();
    }

    /** Bytes of verified files held now, of both kinds. */
    public long bytes() {
        return verified.values().stream().mapToLong(Cached::size).sum();
    }

    private CompletableFuture<Cached> startFill(Key key) {
        CompletableFuture<Cached> done = new CompletableFuture<>();
        Thread.ofVirtual().name("gateway-fetch-" + key.kind().resource() + "-" + key.sha256().substring(0, 12))
                .start(() -> {
                    try {
                        Cached filled = fill(key);
                        verified.put(key, filled);
                        evictBeyondLimit(key);
                        fetching.remove(key);
                        done.complete(filled);
                    } catch (IOException | UncheckedIOException | DroverException | InterruptedException e) {
                        fetching.remove(key);
                        done.completeExceptionally(e);
                    }
                });
        return done;
    }

    private Cached fill(Key key) throws IOException, InterruptedException {
        Path folder = key.kind().folder(dir);
        Path file = folder.resolve(key.sha256());
        if (Files.exists(file)) {
            Cached kept = verify(key, file);
            if (kept != null) {
                return kept;
            }
        }
        fetches.get(key.kind()).incrementAndGet();
        try (PartialFile partial = PartialFile.open(folder.resolve(key.sha256() + PARTIAL_SUFFIX), file)) {
            switch (upstream.fetchNamed(key.kind().upstreamUrl(key.sha256()), partial, key.sha256(),
                    key.kind().maxBytes(maxBytes), key.toString())) {
                case DownloadResult.Downloaded downloaded -> partial.commit();
                case DownloadResult.Failed failed -> throw new DroverException(failed.reason(), failed.message());
            }
        }
        log.info("{} fetched from the server and verified", key);
        return Cached.of(key, file, clock.incrementAndGet());
    }

    /** A file kept from before, if it has its name's digest; else it is deleted. */
    private Cached verify(Key key, Path file) throws IOException {
        ImageDigest digest;
        try (InputStream in = Files.newInputStream(file)) {
            digest = ImageDigest.of(in);
        }
        if (digest.sha256().equals(key.sha256())) {
            return Cached.of(key, file, clock.incrementAndGet());
        }
        log.warn("cached file {} does not have its name's digest: deleting it", file);
        Files.deleteIfExists(file);
        return null;
    }

    private void evictBeyondLimit(Key keep) {
        while (bytes() > maxBytes) {
            Cached oldest = verified.values().stream().filter(c -> !c.key.equals(keep))
                    .min(Comparator.comparingLong(c -> c.lastServed)).orElse(null);
            if (oldest == null) {
                return;
            }
            log.info("evicting {} ({} bytes) from the cache", oldest.key, oldest.size());
            forget(oldest);
        }
    }

    private void forget(Cached blob) {
        if (verified.remove(blob.key, blob)) {
            try {
                Files.deleteIfExists(blob.file);
            } catch (IOException e) {
                log.warn("cannot delete {}: {}", blob.file, e.toString());
            }
        }
    }

    private static Map<BlobKind, AtomicLong> counters() {
        Map<BlobKind, AtomicLong> counters = new EnumMap<>(BlobKind.class);
        for (BlobKind kind : BlobKind.values()) {
            counters.put(kind, new AtomicLong());
        }
        return counters;
    }

    /** A verified file, as it was when it was verified. */
    public static final class Cached {
        private final Key key;
        private final Path file;
        private final BasicFileAttributes verifiedAs;
        private volatile long lastServed;

        private Cached(Key key, Path file, BasicFileAttributes verifiedAs, long lastServed) {
            this.key = key;
            this.file = file;
            this.verifiedAs = verifiedAs;
            this.lastServed = lastServed;
        }

        static Cached of(Key key, Path file, long now) throws IOException {
            return new Cached(key, file, Files.readAttributes(file, BasicFileAttributes.class), now);
        }

        public String sha256() {
            return key.sha256();
        }

        public long size() {
            return verifiedAs.size();
        }

        boolean intact() {
            try {
                BasicFileAttributes now = Files.readAttributes(file, BasicFileAttributes.class);
                return now.size() == verifiedAs.size()
                        && now.lastModifiedTime().equals(verifiedAs.lastModifiedTime())
                        && Objects.equals(now.fileKey(), verifiedAs.fileKey());
            } catch (NoSuchFileException e) {
                return false;
            } catch (IOException e) {
                return false;
            }
        }
    }
}
