package io.drover.agent.gateway;

import io.drover.agent.download.DownloadResult;
import io.drover.agent.download.ResumingFetch;
import io.drover.agent.internal.AtomicFiles;
import io.drover.agent.slot.ImageDigest;
import io.drover.agent.slot.PartialFile;
import io.drover.error.DroverException;
import io.drover.suit.ArtifactAddress;
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
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A gateway's artifacts, each a file named by its SHA-256 and served only once its bytes were found to have that
 * digest. A miss fetches the artifact from the server (through {@link ResumingFetch}, which resumes and checks the
 * digest), once however many devices ask for it meanwhile: they all wait for the same fetch. The cache never holds
 * more than its limit of verified bytes: the least recently served artifacts are deleted first.
 *
 * <p>A file is hashed again whenever a device starts a transfer of it, and between its blocks it is served while its
 * size, modification time and file key stay what they were when it was verified; a file changed behind the cache's
 * back is deleted and fetched again. Files found in the folder at start are verified before their first use.
 * Artifacts are what the server stores: signed and encrypted releases' payloads, which the cache can neither read nor
 * alter without the devices noticing, since each device checks every digest the signed manifest gives.
 */
public final class ArtifactCache {
    private static final Logger log = LoggerFactory.getLogger(ArtifactCache.class);
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");
    private static final String PARTIAL_SUFFIX = ".part";

    private final Path dir;
    private final long maxBytes;
    private final ResumingFetch upstream;
    private final Map<String, Cached> verified = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<Cached>> fetching = new ConcurrentHashMap<>();
    private final AtomicLong clock = new AtomicLong();
    private final AtomicLong fetches = new AtomicLong();

    private ArtifactCache(Path dir, long maxBytes, ResumingFetch upstream) {
        this.dir = dir;
        this.maxBytes = maxBytes;
        this.upstream = upstream;
    }

    /** @param upstream fetches from the server; its transport names artifacts by {@link ArtifactAddress} */
    public static ArtifactCache open(Path dir, long maxBytes, ResumingFetch upstream) throws IOException {
        if (maxBytes < 1) {
            throw new IllegalArgumentException("the cache must hold at least one byte");
        }
        AtomicFiles.createDirectories(dir);
        return new ArtifactCache(dir, maxBytes, Objects.requireNonNull(upstream, "upstream"));
    }

    /** Whether {@code name} can name an artifact: 64 lowercase hex digits. */
    public static boolean isSha256(String name) {
        return SHA256_HEX.matcher(name).matches();
    }

    /**
     * The verified artifact {@code sha256}: at once when the cache holds it intact, else once it is fetched (or
     * verified, when a file was kept from before). With {@code verifyAgain} (a device starts a transfer), a file held
     * is hashed again first. Fails with the server's {@link DroverException} (an unknown artifact is
     * {@code NOT_FOUND}) or the fetch's reason.
     */
    public CompletableFuture<Cached> get(String sha256, boolean verifyAgain) {
        if (!isSha256(sha256)) {
            throw new IllegalArgumentException("not a SHA-256: " + sha256);
        }
        Cached cached = verified.get(sha256);
        if (cached != null) {
            if (!cached.intact()) {
                log.warn("cached artifact {} changed since it was verified: deleting it and fetching it again",
                        sha256);
                forget(cached);
            } else if (verifyAgain) {
                verified.remove(sha256, cached); // The fill hashes the file it finds.
            } else {
                cached.lastServed = clock.incrementAndGet();
                return CompletableFuture.completedFuture(cached);
            }
        }
        return fetching.computeIfAbsent(sha256, this::startFill);
    }

    /** {@code length} bytes of a verified artifact from {@code offset}, all inside it. */
    public byte[] read(Cached artifact, long offset, int length) throws IOException {
        byte[] bytes = new byte[length];
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        try (FileChannel file = FileChannel.open(artifact.file, StandardOpenOption.READ)) {
            while (buffer.hasRemaining()) {
                if (file.read(buffer, offset + buffer.position()) < 0) {
                    throw new EOFException(artifact.file + " ends before byte " + (offset + length));
                }
            }
        }
        return bytes;
    }

    /** Drops an artifact that could not be read as verified, so that the next request fetches it again. */
    public void invalidate(Cached artifact) {
        forget(artifact);
    }

    /** How many fetches from the server the cache started (the first ask for an artifact it did not hold). */
    public long fetches() {
        return fetches.get();
    }

    /** Bytes of verified artifacts held now. */
    public long bytes() {
        return verified.values().stream().mapToLong(Cached::size).sum();
    }

    private CompletableFuture<Cached> startFill(String sha256) {
        CompletableFuture<Cached> done = new CompletableFuture<>();
        Thread.ofVirtual().name("gateway-fetch-" + sha256.substring(0, 12)).start(() -> {
            try {
                Cached filled = fill(sha256);
                verified.put(sha256, filled);
                evictBeyondLimit(sha256);
                fetching.remove(sha256);
                done.complete(filled);
            } catch (IOException | UncheckedIOException | DroverException e) {
                fetching.remove(sha256);
                done.completeExceptionally(e);
            } catch (InterruptedException e) {
                fetching.remove(sha256);
                done.completeExceptionally(e);
            }
        });
        return done;
    }

    private Cached fill(String sha256) throws IOException, InterruptedException {
        Path file = dir.resolve(sha256);
        if (Files.exists(file)) {
            Cached kept = verify(sha256, file);
            if (kept != null) {
                return kept;
            }
        }
        fetches.incrementAndGet();
        try (PartialFile partial = PartialFile.open(dir.resolve(sha256 + PARTIAL_SUFFIX), file)) {
            switch (upstream.fetchNamed(new ArtifactAddress(sha256).uri(), partial, sha256, maxBytes,
                    "artifact " + sha256)) {
                case DownloadResult.Downloaded downloaded -> partial.commit();
                case DownloadResult.Failed failed -> throw new DroverException(failed.reason(), failed.message());
            }
        }
        log.info("artifact {} fetched from the server and verified", sha256);
        return Cached.of(sha256, file, clock.incrementAndGet());
    }

    /** A file kept from before, if it has its name's digest; else it is deleted. */
    private Cached verify(String sha256, Path file) throws IOException {
        ImageDigest digest;
        try (InputStream in = Files.newInputStream(file)) {
            digest = ImageDigest.of(in);
        }
        if (digest.sha256().equals(sha256)) {
            return Cached.of(sha256, file, clock.incrementAndGet());
        }
        log.warn("cached file {} does not have its name's digest: deleting it", file);
        Files.deleteIfExists(file);
        return null;
    }

    private void evictBeyondLimit(String keep) {
        while (bytes() > maxBytes) {
            Cached oldest = verified.values().stream().filter(c -> !c.sha256.equals(keep))
                    .min(Comparator.comparingLong(c -> c.lastServed)).orElse(null);
            if (oldest == null) {
                return;
            }
            log.info("evicting artifact {} ({} bytes) from the cache", oldest.sha256, oldest.size());
            forget(oldest);
        }
    }

    private void forget(Cached artifact) {
        if (verified.remove(artifact.sha256, artifact)) {
            try {
                Files.deleteIfExists(artifact.file);
            } catch (IOException e) {
                log.warn("cannot delete {}: {}", artifact.file, e.toString());
            }
        }
    }

    /** A verified artifact file, as it was when it was verified. */
    public static final class Cached {
        private final String sha256;
        private final Path file;
        private final BasicFileAttributes verifiedAs;
        private volatile long lastServed;

        private Cached(String sha256, Path file, BasicFileAttributes verifiedAs, long lastServed) {
            this.sha256 = sha256;
            this.file = file;
            this.verifiedAs = verifiedAs;
            this.lastServed = lastServed;
        }

        static Cached of(String sha256, Path file, long now) throws IOException {
            return new Cached(sha256, file, Files.readAttributes(file, BasicFileAttributes.class), now);
        }

        public String sha256() {
            return sha256;
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
