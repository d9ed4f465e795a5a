package io.drover.server.fleet;

import io.drover.error.DroverException;
import io.drover.server.access.Actor;
import io.drover.server.ledger.EntryKind;
import io.drover.server.ledger.Ledger;
import io.drover.server.ledger.LedgerRecord;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Devices' pre-shared keys for the CoAP device API over DTLS. An operator issues one (shown once); each issue bumps
 * the device's key generation, so the key issued before stops working, sessions made with it included. The key is
 * derived from the {@link PskMasterKey} whenever a handshake needs it and stored nowhere; the ledger records each
 * issue with its actor.
 */
public final class DevicePsks {
    private static final Logger LOG = LoggerFactory.getLogger(DevicePsks.class);

    private final Jdbi jdbi;
    private final PskMasterKey master;
    private final Ledger ledger;

    public DevicePsks(Jdbi jdbi, PskMasterKey master, Ledger ledger) {
        this.jdbi = jdbi;
        this.master = master;
        this.ledger = ledger;
    }

    /** A device's current PSK, as a handshake needs it: its generation and the key's bytes. */
    public record DevicePsk(int generation, byte[] key) {}

    /** Issues a new PSK for the device, replacing the one it had. */
    public IssuedPsk issue(String deviceId, Actor by) {
        int generation = jdbi.inTransaction(h -> {
            if (h.createUpdate("UPDATE device SET psk_generation = COALESCE(psk_generation, 0) + 1 WHERE id = :id")
                    .bind("id", deviceId).execute() != 1) {
                throw new DroverException(FleetErrors.DEVICE_NOT_FOUND, "no device with id '" + deviceId + "'");
            }
            int issued = h.createQuery("SELECT psk_generation FROM device WHERE id = :id").bind("id", deviceId)
                    .mapTo(Integer.class).one();
            ledger.record(h, new LedgerRecord(EntryKind.DEVICE_PSK_ISSUED, by.name(), deviceId, null, null,
                    Map.of("generation", issued)));
            return issued;
        });
        LOG.info("{} issued PSK generation {} for device {}", by, generation, deviceId);
        return new IssuedPsk(deviceId, deviceId, master.derive(deviceId, generation), generation);
    }

    /** The PSK of a registered device that is not revoked and was issued one; empty otherwise. */
    public Optional<DevicePsk> current(String deviceId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT psk_generation FROM device WHERE id = :id AND NOT revoked "
                        + "AND psk_generation IS NOT NULL")
                .bind("id", deviceId).mapTo(Integer.class).findOne())
                .map(generation -> new DevicePsk(generation,
                        master.derive(deviceId, generation).getBytes(StandardCharsets.US_ASCII)));
    }
}
