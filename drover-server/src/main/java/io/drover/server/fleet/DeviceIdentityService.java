package io.drover.server.fleet;

import io.drover.error.DroverException;
import io.drover.server.access.Actor;
import io.drover.server.ledger.EntryKind;
import io.drover.server.ledger.Ledger;
import io.drover.server.ledger.LedgerRecord;
import io.drover.suit.VerificationKey;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The keys devices sign their install reports with. A device registers its key itself, and the first key wins:
 * whoever holds the device's token from then on cannot swap in another key, so reports signed by the device stay
 * attributable to it. An operator may provision a key (when registering the device, or later) and clear it when the
 * device was re-provisioned, after which the next key the device registers is accepted.
 */
public final class DeviceIdentityService {
    private final Jdbi jdbi;
    private final Clock clock;
    private final Ledger ledger;
    private final IdentityStore store = new IdentityStore();

    public DeviceIdentityService(Jdbi jdbi, Clock clock, Ledger ledger) {
        this.jdbi = jdbi;
        this.clock = clock;
        this.ledger = ledger;
    }

    /**
     * Registers the key of the device behind a valid token: accepted when the device has none yet, or the same one
     * (a device registers at every start); {@link FleetErrors#IDENTITY_CONFLICT} when it holds another.
     */
    public DeviceIdentity.Registration registerByDevice(AuthenticatedDevice device, VerificationKey key) {
        return jdbi.inTransaction(h -> {
            if (store.insertIfAbsent(h, device.id(), key, DeviceIdentity.Source.DEVICE, clock.instant())) {
                recordKey(h, device.id(), key, DeviceIdentity.Source.DEVICE, device.id());
            } else {
                VerificationKey registered = store.find(h, device.id()).orElseThrow().key();
                if (!registered.equals(key)) {
                    throw new DroverException(FleetErrors.IDENTITY_CONFLICT, "device '" + device.id()
                            + "' has identity key " + registered.keyId() + " on record, not " + key.keyId()
                            + "; an operator must clear it if the device was re-provisioned");
                }
            }
            return new DeviceIdentity.Registration(device.id(), key.keyId(), key.fingerprint());
        });
    }

    /** Provisions {@code key} for a device, replacing any key on record. */
    public DeviceIdentity.View provision(String deviceId, VerificationKey key, Actor by) {
        return jdbi.inTransaction(h -> {
            provision(h, deviceId, key, by);
            return DeviceIdentity.View.of(store.find(h, deviceId).orElseThrow());
        });
    }

    /** Provisions {@code key} inside the caller's transaction (a device registration's). */
    void provision(Handle h, String deviceId, VerificationKey key, Actor by) {
        if (!store.replace(h, deviceId, key, DeviceIdentity.Source.OPERATOR, clock.instant())) {
            throw notFound(deviceId);
        }
        recordKey(h, deviceId, key, DeviceIdentity.Source.OPERATOR, by.name());
    }

    /** The ledger keeps every device key, so that an auditor can check device-signed reports without the server. */
    private void recordKey(Handle h, String deviceId, VerificationKey key, DeviceIdentity.Source source,
            String actor) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("keyId", key.keyId());
        details.put("algorithm", key.algorithm().name());
        details.put("publicKeyPem", key.toPem());
        details.put("source", source.name());
        ledger.record(h, new LedgerRecord(EntryKind.DEVICE_KEY_RECORDED, actor, deviceId, null, null, details));
    }

    /** Forgets the device's key; the next key the device registers is trusted. */
    public void clear(String deviceId, Actor by) {
        jdbi.useTransaction(h -> {
            if (!store.clear(h, deviceId)) {
                throw notFound(deviceId);
            }
            ledger.record(h, new LedgerRecord(EntryKind.DEVICE_KEY_CLEARED, by.name(), deviceId, null, null,
                    Map.of()));
        });
    }

    /** The device's key on record, read inside the caller's transaction (a report's). */
    public Optional<DeviceIdentity> find(Handle h, String deviceId) {
        return store.find(h, deviceId);
    }

    /**
     * The device whose identity key is {@code key}, for a raw-public-key handshake, which names a device by its key
     * alone: empty when no device that is not revoked has it, or more than one has (an operator provisioned one key
     * twice), since then the key names no device.
     */
    public Optional<String> deviceWithKey(VerificationKey key) {
        List<String> devices = jdbi.withHandle(h -> h.createQuery("SELECT id FROM device WHERE identity_key_pem = :pem "
                        + "AND NOT revoked ORDER BY id LIMIT 2")
                .bind("pem", key.toPem()).mapTo(String.class).list());
        return devices.size() == 1 ? Optional.of(devices.getFirst()) : Optional.empty();
    }

    private static DroverException notFound(String deviceId) {
        return new DroverException(FleetErrors.DEVICE_NOT_FOUND, "no device with id '" + deviceId + "'");
    }
}
