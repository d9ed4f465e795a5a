package io.drover.server.compat;

import static io.drover.server.store.Rows.instant;
import static io.drover.server.store.Rows.timestamp;

import io.drover.server.store.JsonColumn;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jdbi.v3.core.Handle;

/**
 * The stored compatibility policy of each device class. A class that never had one has no row and revision 0; every
 * replacement bumps the revision. Parsed policies are cached per class and revision, for the check-in path.
 */
public final class CompatibilityPolicies {
    /** A class's policy as stored: the document, its revision (0: never set) and when it was set (null: never). */
    public record Stored(PolicyDocument document, CompatibilityPolicy policy, long revision, Instant updatedAt) {
        public static final Stored NONE = new Stored(new PolicyDocument(null, null), CompatibilityPolicy.ANYTHING, 0, null);

        public Stored {
            Objects.requireNonNull(document, "document");
            Objects.requireNonNull(policy, "policy");
        }
    }

    private final Map<Long, Stored> cache = new ConcurrentHashMap<>();

    /** The class's policy, read inside the caller's transaction. */
    public Stored find(Handle h, long classDbId) {
        return h.createQuery("SELECT policy, revision, updated_at FROM class_compatibility WHERE device_class_id = :cls")
                .bind("cls", classDbId)
                .map((rs, ctx) -> stored(JsonColumn.read(rs.getString("policy"), PolicyDocument.class),
                        rs.getLong("revision"), instant(rs, "updated_at")))
                .findOne()
                .orElse(Stored.NONE);
    }

    /**
     * The class's policy as of {@code revision} (which the caller read with the class, 0 when it has none), read from
     * the store only when this node has not seen that revision yet.
     */
    public CompatibilityPolicy policy(Handle h, long classDbId, long revision) {
        if (revision == 0) {
            return CompatibilityPolicy.ANYTHING;
        }
        Stored known = cache.get(classDbId);
        if (known == null || known.revision() < revision) {
            known = find(h, classDbId);
            cache.put(classDbId, known);
        }
        return known.policy();
    }

    /** Replaces the class's policy inside the caller's transaction (which holds the class's row lock). */
    public Stored replace(Handle h, long classDbId, PolicyDocument document, Instant now) {
        PolicyDocument canonical = PolicyDocument.of(document.policy());
        long revision = find(h, classDbId).revision() + 1;
        String json = JsonColumn.write(canonical);
        int updated = h.createUpdate("UPDATE class_compatibility SET policy = :policy, revision = :rev, updated_at = :now "
                        + "WHERE device_class_id = :cls")
                .bind("policy", json).bind("rev", revision).bind("now", timestamp(now)).bind("cls", classDbId).execute();
        if (updated == 0) {
            h.createUpdate("INSERT INTO class_compatibility (device_class_id, policy, revision, updated_at) "
                            + "VALUES (:cls, :policy, :rev, :now)")
                    .bind("policy", json).bind("rev", revision).bind("now", timestamp(now)).bind("cls", classDbId).execute();
        }
        return stored(canonical, revision, now);
    }

    private static Stored stored(PolicyDocument document, long revision, Instant updatedAt) {
        return new Stored(document, document.policy(), revision, updatedAt);
    }
}
