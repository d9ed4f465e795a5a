package io.drover.server.delta;

import static io.drover.server.store.Rows.instant;
import static io.drover.server.store.Rows.timestamp;

import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/** The delta table's SQL, alike on H2 and PostgreSQL. */
final class DeltaStore {
    /** SQLSTATE of a unique violation, on H2 and PostgreSQL alike. */
    private static final String UNIQUE_VIOLATION = "23505";

    private final Jdbi jdbi;

    DeltaStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    Optional<StoredDelta> find(Handle h, String baseSha256, String targetSha256) {
        return h.createQuery("SELECT * FROM delta_artifact WHERE base_sha256 = :base AND target_sha256 = :target")
                .bind("base", baseSha256).bind("target", targetSha256)
                .map((rs, ctx) -> new StoredDelta(rs.getString("base_sha256"), rs.getString("target_sha256"),
                        DeltaStatus.valueOf(rs.getString("status")), rs.getString("delta_sha256"),
                        (Long) rs.getObject("delta_size", Long.class), rs.getString("reason"),
                        instant(rs, "claimed_at")))
                .findOne();
    }

    Optional<StoredDelta> find(String baseSha256, String targetSha256) {
        return jdbi.withHandle(h -> find(h, baseSha256, targetSha256));
    }

    /**
     * Claims the pair for this node: a new PENDING row, or a PENDING row claimed before {@code staleBefore} (its node
     * died or gave up), taken over. False when the pair is made, failed, or claimed by another node since. The insert
     * runs in a transaction of its own, since a unique violation ends a PostgreSQL transaction.
     */
    boolean claim(String baseSha256, String targetSha256, Instant now, Instant staleBefore) {
        try {
            jdbi.useTransaction(h -> h.createUpdate("INSERT INTO delta_artifact (base_sha256, target_sha256, status, "
                            + "claimed_at) VALUES (:base, :target, 'PENDING', :now)")
                    .bind("base", baseSha256).bind("target", targetSha256).bind("now", timestamp(now)).execute());
            return true;
        } catch (UnableToExecuteStatementException e) {
            if (!(e.getCause() instanceof SQLException sql) || !UNIQUE_VIOLATION.equals(sql.getSQLState())) {
                throw e;
            }
        }
        return jdbi.inTransaction(h -> h.createUpdate("UPDATE delta_artifact SET claimed_at = :now "
                        + "WHERE base_sha256 = :base AND target_sha256 = :target AND status = 'PENDING' "
                        + "AND claimed_at < :stale")
                .bind("base", baseSha256).bind("target", targetSha256).bind("now", timestamp(now))
                .bind("stale", timestamp(staleBefore)).execute() == 1);
    }

    /** Records how making the pair's delta ended. */
    void finish(String baseSha256, String targetSha256, DeltaStatus status, String deltaSha256, Long deltaSize,
            String reason) {
        jdbi.useTransaction(h -> h.createUpdate("UPDATE delta_artifact SET status = :status, delta_sha256 = :delta, "
                        + "delta_size = :size, reason = :reason WHERE base_sha256 = :base AND target_sha256 = :target")
                .bind("status", status.name()).bind("delta", deltaSha256).bind("size", deltaSize)
                .bind("reason", reason).bind("base", baseSha256).bind("target", targetSha256).execute());
    }
}
