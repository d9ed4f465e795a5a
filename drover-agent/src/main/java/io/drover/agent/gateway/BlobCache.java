package io.drover.agent.gateway;

import io.drover.agent.download.ResumingFetch;
import io.drover.agent.internal.AtomicFiles;
import io.drover.agent.slot.ImageDigest;
import io.drover.agent.slot.PartialFile;
import io.drover.agent.transport.DigestResource;
import io.drover.error.DroverException;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A gateway's artifacts and envelopes ({@link BlobKind}), each a file named by its SHA-256 and served only once its
 * bytes were found to have that digest. Devices name what they want by its digest or, as the server's CoAP check-in
 * names artifacts, by its first 16 or more hex digits: a prefix is the one file held whose digest starts with it,
 * else what the server answers to it, checked to start with it and kept under its whole digest. A miss fetches it
 * from the server (through {@link ResumingFetch}, which resumes and checks the digest), once however many devices ask
 * for it meanwhile, by whichever names that can be the same: they all wait for the same fetch. The cache never holds
 * more than its limit of verified bytes, both kinds together: the least recently served go first.
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
    private static final String PARTIAL_SUFFIX = ".part";

    private final Path dir;
    private final long maxBytes;
    private final ResumingFetch upstream;
    /** By kind and whole digest, in digest order, so that a prefix finds what starts with it at once. */
    private final NavigableMap<Name, Cached> verified = new ConcurrentSkipListMap<>();
    /** Fetches under way by the name each was started for; guarded by itself (a request joins one that overlaps). */
    private final Map<Name, CompletableFuture<Cached>> fetching = new HashMap<>();
    private final AtomicLong clock = new AtomicLong();
    private final Map<BlobKind, AtomicLong> fetches = counters();
    private final Map<BlobKind, AtomicLong> transfers = counters();

    /** What is asked for or held: its kind, and its SHA-256 or the first 16 or more of its hex digits. */
    private record Name(BlobKind kind, String hex) implements Comparable<Name> {
        boolean whole() {
            return hex.length() == 64;
        }

        /** Whether the digest {@code sha256} starts with this name. */
        boolean names(String sha256) {
            return sha256.startsWith(hex);
        }

        /** Whether one blob can answer both: the same kind, one name starting with the other. */
        boolean overlaps(Name other) {
            return kind == other.kind && (hex.startsWith(other.hex) || other.hex.startsWith(hex));
        }

        @Override
        public int compareTo(Name other) {
            int byKind = kind.compareTo(other.kind);
            return byKind != 0 ? byKind : hex.compareTo(other.hex);
        }

        @Override
        public String toString() {
            return kind.noun() + " " + hex + (whole() ? "" : "…");
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

    /**
     * The verified {@code kind} that {@code name} names (its SHA-256, or the first 16 or more of its lowercase hex
     * digits; see {@link DigestResource#isName}): at once when the cache holds it intact, else once it is fetched (or
     * verified, when a file was kept from before). With {@code startsTransfer} (a device asks for its first block), a
     * file held is hashed again first. Fails with the server's {@link DroverException} (an unknown or ambiguous name
     * is {@code NOT_FOUND}) or the fetch's reason ({@code agent.image-digest-mismatch} when the server sent bytes
     * whose digest does not start with the name); a failed fetch leaves nothing in the cache.
     */
    public CompletableFuture<Cached> get(BlobKind kind, String name, boolean startsTransfer) {
        if (!DigestResource.isName(name)) {
            throw new IllegalArgumentException("not a SHA-256 or a prefix of one: " + name);
        }
        Name asked = new Name(kind, name);
        if (startsTransfer) {
            transfers.get(kind).incrementAndGet();
        }
        Cached cached = held(asked);
        if (cached != null) {
            if (!cached.intact()) {
                log.warn("cached {} changed since it was verified: deleting it and fetching it again", cached.name);
                forget(cached);
            } else if (startsTransfer) {
                verified.remove(cached.name, cached); // The fill hashes the file it finds.
            } else {
                cached.lastServed = clock.incrementAndGet();
                return CompletableFuture.completedFuture(cached);
            }
            // By its whole digest, which requests by any prefix of it join.
            asked = cached.name;
        }
        return fetch(asked);
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

    /** The one verified file {@code asked} names, or null (none, or several for a prefix). */
    private Cached held(Name asked) {
        if (asked.whole()) {
            return verified.get(asked);
        }
        Map.Entry<Name, Cached> first = verified.ceilingEntry(asked);
        if (first == null || first.getKey().kind() != asked.kind() || !asked.names(first.getKey().hex())) {
            return null;
        }
        Map.Entry<Name, Cached> next = verified.higherEntry(first.getKey());
        boolean ambiguous = next != null && next.getKey().kind() == asked.kind() && asked.names(next.getKey().hex());
        return ambiguous ? null : first.getValue();
    }

    /**
     * The fetch under way that may bring what {@code asked} names, else a new one. Names of which one starts with
     * the other name one blob unless two digests share the shorter one (which the server refuses for artifacts), so
     * a request joins such a fetch: when that fetch was for a shorter name and brings another blob, or fails, the
     * request then fetches by its own name.
     */
    private CompletableFuture<Cached> fetch(Name asked) {
        synchronized (fetching) {
            for (Map.Entry<Name, CompletableFuture<Cached>> under : fetching.entrySet()) {
                if (under.getKey().overlaps(asked)) {
                    if (under.getKey().hex().startsWith(asked.hex())) {
                        return under.getValue(); // whatever it brings starts with the name asked
                    }
                    return under.getValue()
                            .handle((cached, error) -> cached != null && asked.names(cached.sha256())
                                    ? CompletableFuture.completedFuture(cached) : fetch(asked))
                            .thenCompose(next -> next);
                }
            }
            CompletableFuture<Cached> started = startFill(asked);
            fetching.put(asked, started);
            return started;
        }
    }

    private CompletableFuture<Cached> startFill(Name asked) {
        CompletableFuture<Cached> done = new CompletableFuture<>();
        Thread.ofVirtual().name("gateway-fetch-" + asked.kind().resource() + "-" + asked.hex().substring(0, 12))
                .start(() -> {
                    try {
                        Cached filled = fill(asked);
                        verified.put(filled.name, filled);
                        evictBeyondLimit(filled.name);
                        settled(asked);
                        done.complete(filled);
                    } catch (Exception e) { // whatever it was, the next request must not wait for this fetch
                        settled(asked);
                        done.completeExceptionally(e);
                    }
                });
        return done;
    }

    private void settled(Name asked) {
        synchronized (fetching) {
            fetching.remove(asked);
        }
    }

    private Cached fill(Name asked) throws IOException, InterruptedException {
        Path folder = asked.kind().folder(dir);
        Optional<Name> kept = kept(asked);
        if (kept.isPresent()) {
            Cached verifiedKept = verify(kept.get(), folder.resolve(kept.get().hex()));
            if (verifiedKept != null) {
                return verifiedKept;
            }
        }
        fetches.get(asked.kind()).incrementAndGet();
        Name fetched;
        try (PartialFile partial = PartialFile.open(folder.resolve(asked.hex() + PARTIAL_SUFFIX),
                folder.resolve(asked.hex()))) {
            fetched = new Name(asked.kind(), upstream.fetchNamed(asked.kind().upstreamUrl(asked.hex()), partial,
                    asked.hex(), asked.kind().maxBytes(maxBytes), asked.toString()).sha256());
            Cached held = verified.get(fetched);
            if (held != null && held.intact()) {
                // Held already (asked by a prefix of several digests held, or fetched meanwhile by its whole
                // digest): the file devices are reading stays as it is.
                partial.discard();
                return held;
            }
            // Kept under its whole digest, which only the bytes tell when it was asked for by a prefix.
            partial.commitAs(folder.resolve(fetched.hex()));
        }
        log.info("{} fetched from the server as {} and verified", fetched, asked);
        return Cached.of(fetched, folder.resolve(fetched.hex()), clock.incrementAndGet());
    }

    /** A file of the folder that {@code asked} names: its whole digest, or the only one starting with it. */
    private Optional<Name> kept(Name asked) throws IOException {
        Path folder = asked.kind().folder(dir);
        if (asked.whole()) {
            return Files.exists(folder.resolve(asked.hex())) ? Optional.of(asked) : Optional.empty();
        }
        try (Stream<Path> files = Files.list(folder)) {
            List<String> named = files.map(file -> file.getFileName().toString())
                    .filter(file -> file.length() == 64 && DigestResource.isName(file) && asked.names(file))
                    .limit(2).toList();
            return named.size() == 1 ? Optional.of(new Name(asked.kind(), named.getFirst())) : Optional.empty();
        }
    }

    /** A file kept from before, if it has its name's digest; else it is deleted. */
    private Cached verify(Name name, Path file) throws IOException {
        ImageDigest digest;
        try (InputStream in = Files.newInputStream(file)) {
            digest = ImageDigest.of(in);
        }
        if (digest.sha256().equals(name.hex())) {
            return Cached.of(name, file, clock.incrementAndGet());
        }
        log.warn("cached file {} does not have its name's digest: deleting it", file);
        Files.deleteIfExists(file);
        return null;
    }

    private void evictBeyondLimit(Name keep) {
        while (bytes() > maxBytes) {
            Cached oldest = verified.values().stream().filter(c -> !c.name.equals(keep))
                    .min(Comparator.comparingLong(c -> c.lastServed)).orElse(null);
            if (oldest == null) {
                return;
            }
            log.info("evicting {} ({} bytes) from the cache", oldest.name, oldest.size());
            forget(oldest);
        }
    }

    private void forget(Cached blob) {
        if (verified.remove(blob.name, blob)) {
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
        private final Name name;
        private final Path file;
        private final BasicFileAttributes verifiedAs;
        private volatile long lastServed;

        private Cached(Name name, Path file, BasicFileAttributes verifiedAs, long lastServed) {
            this.name = name;
            this.file = file;
            this.verifiedAs = verifiedAs;
            this.lastServed = lastServed;
        }

        static Cached of(Name name, Path file, long now) throws IOException {
            return new Cached(name, file, Files.readAttributes(file, BasicFileAttributes.class), now);
        }

        /** Its whole digest, whatever name it was asked for by. */
        public String sha256() {
            return name.hex();
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
