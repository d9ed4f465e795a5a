package io.drover.server.artifact;

import static io.drover.server.store.Rows.instant;
import static io.drover.server.store.Rows.timestamp;

import io.drover.error.DroverException;
import io.drover.server.blob.BlobErrors;
import io.drover.server.blob.BlobStore;
import io.drover.server.blob.Sha256;
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
     * harmless and stores nothing new.
     *
     * @param declaredLength the request's Content-Length, when known: an upload declared too large is refused unread
     */
    public Upload upload(InputStream content, OptionalLong declaredLength, Sha256 expected) {
        if (declaredLength.isPresent() && declaredLength.getAsLong() > maxBytes) {
            throw new DroverException(BlobErrors.TOO_LARGE, "the upload declares " + declaredLength.getAsLong()
                    + " bytes, over the limit of " + maxBytes);
        }
        return catalogue(blobs.put(content, maxBytes, Optional.of(expected)));
    }

    /**
     * Stores bytes the server made itself (an LwM2M firmware package), under the digest they turn out to have, within
     * the same size limit as uploads.
     */
    public Upload store(InputStream content) {
        return catalogue(blobs.put(content, maxBytes, Optional.empty()));
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

    /** Opens a catalogued artifact's bytes. */
    public SeekableByteChannel open(Sha256 sha256) {
        if (find(sha256).isEmpty()) {
            throw new DroverException(BlobErrors.NOT_FOUND, "no artifact with SHA-256 " + sha256);
        }
        return blobs.open(sha256);
    }
}
