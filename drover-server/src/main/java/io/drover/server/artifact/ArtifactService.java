package io.drover.server.artifact;

import static io.drover.server.store.Rows.instant;
import static io.drover.server.store.Rows.timestamp;

import io.drover.error.DroverException;
import io.drover.server.blob.BlobErrors;
import io.drover.server.blob.BlobStore;
import io.drover.server.blob.Sha256;
import io.drover.server.blob.Sha256Prefix;
import io.drover.server.blob.StoredBlob;
import io.drover.server.store.Page;
import java.io.InputStream;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.nio.channels.SeekableByteChannel;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;

/** Artifacts: bytes in the {@link BlobStore}, one catalogue row each in the database. */
public final class ArtifactService {
    private final Jdbi jdbi;
    private final BlobStore blobs;
    private final Clock clock;
    private final long maxBytes;

    public ArtifactService(Jdbi jdbi, BlobStore blobs, Clock clock, long maxBytes) {
        this.jdbi = jdbi;
        this.blobs = blobs;
        this.clock = clock;
        this.maxBytes = maxBytes;
    }

    /** The outcome of an upload: the artifact, and whether these bytes were new. */
    public record Upload(Artifact artifact, boolean created) {}

    /**
     * Streams {@code content} into the store; its SHA-256 must be {@code expected}. Uploading bytes already stored is
     * harmless and stores nothing new. Bytes whose SHA-256 has the same first {@link Sha256Prefix#MIN_DIGITS} hex
     * digits as a stored artifact's are refused before they are read ({@link ArtifactErrors#PREFIX_TAKEN}), so that
     * prefix names one artifact for good: a collision of 64 bits happens only by design.
     *
     * @param content the bytes, opened only once the upload passed those checks: opening a request's body tells a
     *     client that waits on {@code Expect: 100-continue} to send it, and a client refused after that may still be
     *     sending when the connection closes, and miss the refusal
     * @param declaredLength the request's Content-Length, when known: an upload declared too large is refused unread
     */
    public Upload upload(Supplier<InputStream> content, OptionalLong declaredLength, Sha256 expected) {
        if (declaredLength.isPresent() && declaredLength.getAsLong() > maxBytes) {
            throw new DroverException(BlobErrors.TOO_LARGE, "the upload declares " + declaredLength.getAsLong()
                    + " bytes, over the limit of " + maxBytes);
        }
        requireFreePrefix(expected);
        return catalogue(blobs.put(content.get(), maxBytes, Optional.of(expected)));
    }

    /**
     * Stores bytes the server made itself (an LwM2M firmware package), under the digest they turn out to have, within
     * the same size limit as uploads and with the same rule for its prefix.
     */
    public Upload store(InputStream content) {
        StoredBlob blob = blobs.put(content, maxBytes, Optional.empty());
        requireFreePrefix(blob.sha256());
        return catalogue(blob);
    }

    /** Refuses a digest whose first {@link Sha256Prefix#MIN_DIGITS} hex digits already name another artifact. */
    private void requireFreePrefix(Sha256 sha256) {
        Sha256Prefix prefix = Sha256Prefix.shortNameOf(sha256);
        jdbi.useHandle(h -> withPrefix(h, prefix).stream().filter(a -> !a.sha256().equals(sha256.hex())).findFirst()
                .ifPresent(a -> {
                    throw new DroverException(ArtifactErrors.PREFIX_TAKEN, "artifact " + a.sha256()
                            + " already has a SHA-256 starting with " + prefix + ", which names it on constrained links");
                }));
    }

    private Upload catalogue(StoredBlob blob) {
        return jdbi.inTransaction(h -> {
            Optional<Artifact> existing = find(h, blob.sha256());
            if (existing.isPresent()) {
                return new Upload(existing.get(), false);
            }
            h.createUpdate("INSERT INTO artifact (sha256, size_bytes, created_at) VALUES (:sha, :size, :now)")
                    .bind("sha", blob.sha256().hex()).bind("size", blob.size()).bind("now", timestamp(clock.instant())).execute();
            return new Upload(find(h, blob.sha256()).orElseThrow(), true);
        });
    }

    public Optional<Artifact> find(Sha256 sha256) {
        return jdbi.withHandle(h -> find(h, sha256));
    }

    public Optional<Artifact> find(Handle h, Sha256 sha256) {
        return h.createQuery("SELECT * FROM artifact WHERE sha256 = :sha").bind("sha", sha256.hex())
                .map(ArtifactService::artifact)
                .findOne();
    }

    /** One page of the catalogue in digest order. */
    public List<Artifact> list(Page page) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM artifact WHERE sha256 > :after ORDER BY sha256 LIMIT :limit")
                .bind("after", page.after()).bind("limit", page.limit())
                .map(ArtifactService::artifact)
                .list());
    }

    private static Artifact artifact(ResultSet rs, StatementContext ctx) throws SQLException {
        return new Artifact(rs.getString("sha256"), rs.getLong("size_bytes"), instant(rs, "created_at"));
    }

    /**
     * The artifact {@code name} names: its SHA-256, or the first {@link Sha256Prefix#MIN_DIGITS} or more of its hex
     * digits, a short name for constrained links, where every request carries it. A name that is no such prefix is
     * {@link BlobErrors#BAD_DIGEST}; one that names no artifact, or more than one, {@link BlobErrors#NOT_FOUND}.
     */
    public Artifact named(String name) {
        Sha256Prefix prefix = new Sha256Prefix(name);
        if (prefix.whole()) {
            return find(prefix.sha256()).orElseThrow(() -> new DroverException(BlobErrors.NOT_FOUND,
                    "no artifact with SHA-256 " + prefix));
        }
        List<Artifact> matches = jdbi.withHandle(h -> withPrefix(h, prefix));
        // Two only where two nodes stored colliding uploads at the same moment: then the prefix names neither.
        if (matches.size() != 1) {
            throw new DroverException(BlobErrors.NOT_FOUND, "no artifact, or more than one, has a SHA-256 starting "
                    + "with " + prefix);
        }
        return matches.getFirst();
    }

    /** At most two artifacts whose SHA-256 starts with {@code prefix}: enough to tell whether it names one. */
    private static List<Artifact> withPrefix(Handle h, Sha256Prefix prefix) {
        return h.createQuery("SELECT * FROM artifact WHERE sha256 >= :from AND sha256 < :to ORDER BY sha256 LIMIT 2")
                .bind("from", prefix.lowest()).bind("to", prefix.pastHighest()).map(ArtifactService::artifact).list();
    }

    /**
     * {@code length} bytes of a catalogued artifact from {@code offset} (both inside it), read at that position:
     * what serving one block of a download needs, without a catalogue lookup.
     */
    public byte[] read(Sha256 artifact, long offset, int length) {
        return blobs.read(artifact, offset, length);
    }

    /** Opens a catalogued artifact's bytes. */
    public SeekableByteChannel open(Sha256 sha256) {
        if (find(sha256).isEmpty()) {
            throw new DroverException(BlobErrors.NOT_FOUND, "no artifact with SHA-256 " + sha256);
        }
        return blobs.open(sha256);
    }
}
