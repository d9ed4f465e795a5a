package io.drover.server.fleet;

import static io.drover.server.store.Rows.optionalInstant;
import static io.drover.server.store.Rows.timestamp;

import io.drover.suit.VerificationKey;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** SQL for device identity keys, kept in the device row. Callers own the transaction. */
final class IdentityStore {

    Optional<DeviceIdentity> find(Handle h, String deviceId) {
        return h.createQuery("SELECT identity_key_pem, identity_registered_at, identity_registered_by FROM device "
                        + "WHERE id = :id")
                .bind("id", deviceId)
                .map((rs, ctx) -> identity(rs))
                .findOne()
                .flatMap(identity -> identity);
    }

    /** Puts {@code key} on record unless the device has one already; false when it has (or no such device). */
    boolean insertIfAbsent(Handle h, String deviceId, VerificationKey key, DeviceIdentity.Source source, Instant now) {
        return h.createUpdate("UPDATE device SET identity_key_pem = :pem, identity_registered_at = :now, "
                        + "identity_registered_by = :by WHERE id = :id AND identity_key_pem IS NULL")
                .bind("pem", key.toPem()).bind("now", timestamp(now)).bind("by", source.name()).bind("id", deviceId)
                .execute() == 1;
    }

    /** Puts {@code key} on record in place of any other; false when there is no such device. */
    boolean replace(Handle h, String deviceId, VerificationKey key, DeviceIdentity.Source source, Instant now) {
        return h.createUpdate("UPDATE device SET identity_key_pem = :pem, identity_registered_at = :now, "
                        + "identity_registered_by = :by WHERE id = :id")
                .bind("pem", key.toPem()).bind("now", timestamp(now)).bind("by", source.name()).bind("id", deviceId)
                .execute() == 1;
    }

    /** False when there is no such device. */
    boolean clear(Handle h, String deviceId) {
        return h.createUpdate("UPDATE device SET identity_key_pem = NULL, identity_registered_at = NULL, "
                        + "identity_registered_by = NULL WHERE id = :id")
                .bind("id", deviceId).execute() == 1;
    }

    /** The identity held in a device row's identity columns. */
    static Optional<DeviceIdentity> identity(ResultSet rs) throws SQLException {
        String pem = rs.getString("identity_key_pem");
        if (pem == null) {
            return Optional.empty();
        }
        return Optional.of(new DeviceIdentity(VerificationKey.fromPem(pem), optionalInstant(rs, "identity_registered_at")
                .orElseThrow(), DeviceIdentity.Source.valueOf(rs.getString("identity_registered_by"))));
    }
}
