package io.drover.server.fleet;

import io.drover.error.DroverException;
import io.drover.server.access.Actor;
import io.drover.server.access.Tokens;
import io.drover.server.ledger.EntryKind;
import io.drover.server.ledger.Ledger;
import io.drover.server.ledger.LedgerRecord;
import io.drover.server.store.Page;
import io.drover.server.store.Rows;
import io.drover.suit.VerificationKey;
import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Device classes, their trusted signer keys, devices and device credentials. */
public final class FleetService {
    private static final Logger LOG = LoggerFactory.getLogger(FleetService.class);
    /** How stale a device's last-seen time may get before a check-in notes it again for the next flush. */
    public static final Duration LAST_SEEN_RESOLUTION = Duration.ofMinutes(1);
    /** Most devices {@link #registerAll} takes in one transaction. */
    public static final int MAX_BATCH = 10_000;
    /** What authenticating a device reads of its row, whatever its credential. */
    private static final String AUTHENTICATED_COLUMNS = "id, device_class_id, installed_sequence, revoked, last_seen_at";

    private final Jdbi jdbi;
    private final Clock clock;
    private final SecureRandom random;
    private final DeviceIdentityService identities;
    private final LastSeen lastSeen;
    private final Ledger ledger;
    private final FleetStore store = new FleetStore();

    public FleetService(Jdbi jdbi, Clock clock, SecureRandom random, DeviceIdentityService identities,
            LastSeen lastSeen, Ledger ledger) {
        this.ledger = ledger;
        this.jdbi = jdbi;
        this.clock = clock;
        this.random = random;
        this.identities = identities;
        this.lastSeen = lastSeen;
    }

    public DeviceClass defineClass(NewDeviceClass request, Actor by) {
        DeviceClass defined = jdbi.inTransaction(h -> {
            if (store.classExists(h, request)) {
                throw new DroverException(FleetErrors.CLASS_EXISTS, "a device class named '" + request.name()
                        + "' or with the same vendor and class ids already exists");
            }
            store.insertClass(h, request, clock.instant());
            DeviceClass c = store.findClass(h, request.name()).orElseThrow();
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("className", c.name());
            details.put("vendorId", c.vendorId().toString());
            details.put("classId", c.classId().toString());
            details.put("criticality", c.criticality());
            ledger.record(h, new LedgerRecord(EntryKind.CLASS_DEFINED, by.name(), null, null, null, details));
            return c;
        });
        LOG.info("{} defined class {} with components {}", by, defined.name(), defined.criticality());
        return defined;
    }

    public DeviceClass deviceClass(String name) {
        return jdbi.withHandle(h -> deviceClass(h, name));
    }

    /** The class named {@code name}, read inside the caller's transaction. */
    public DeviceClass deviceClass(Handle h, String name) {
        return store.findClass(h, name)
                .orElseThrow(() -> new DroverException(FleetErrors.CLASS_NOT_FOUND, "no device class named '" + name + "'"));
    }

    /**
     * Locks the class's row until the caller's transaction ends: serialises what must see the class's releases and
     * policy as they stand (release uploads, policy changes), across server nodes.
     */
    public void lock(Handle h, DeviceClass deviceClass) {
        h.createQuery("SELECT id FROM device_class WHERE id = :id FOR UPDATE").bind("id", deviceClass.id())
                .mapTo(Long.class).one();
    }

    public List<DeviceClass> classes() {
        return jdbi.withHandle(h -> store.classNames(h).stream().map(n -> deviceClass(h, n)).toList());
    }

    public SignerKey addSigner(String className, VerificationKey key, Actor by) {
        SignerKey added = jdbi.inTransaction(h -> {
            DeviceClass c = deviceClass(h, className);
            if (!store.insertSigner(h, c.id(), key, clock.instant())) {
                throw new DroverException(FleetErrors.SIGNER_EXISTS, "key " + key.keyId() + " already signs for '" + className + "'");
            }
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("className", className);
            details.put("keyId", key.keyId());
            details.put("algorithm", key.algorithm().name());
            details.put("publicKeyPem", key.toPem());
            ledger.record(h, new LedgerRecord(EntryKind.SIGNER_KEY_REGISTERED, by.name(), null, null, null, details));
            return new SignerKey(className, key, clock.instant());
        });
        LOG.info("{} trusted key {} to sign releases of class {}", by, key.keyId(), className);
        return added;
    }

    /**
     * Stops trusting {@code keyId} for the class's releases: releases it signed stay (the ledger says who signed
     * them), new ones signed by it are refused.
     */
    public void revokeSigner(String className, String keyId, Actor by) {
        jdbi.useTransaction(h -> {
            DeviceClass c = deviceClass(h, className);
            if (!store.deleteSigner(h, c.id(), keyId)) {
                throw new DroverException(FleetErrors.SIGNER_NOT_FOUND, "key " + keyId + " does not sign for '"
                        + className + "'");
            }
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("className", className);
            details.put("keyId", keyId);
            ledger.record(h, new LedgerRecord(EntryKind.SIGNER_KEY_REVOKED, by.name(), null, null, null, details));
        });
        LOG.info("{} revoked key {} for class {}", by, keyId, className);
    }

    public List<SignerKey> signers(String className) {
        return jdbi.withHandle(h -> signers(h, deviceClass(h, className)));
    }

    public List<SignerKey> signers(Handle h, DeviceClass deviceClass) {
        return store.signers(h, deviceClass.id(), deviceClass.name());
    }

    /**
     * Registers a device and issues its credential; the token is returned once and only its hash is kept. Devices
     * are registered by {@code by}; the log names them, never their tokens.
     */
    public DeviceCredential register(NewDevice request, Actor by) {
        return registerAll(List.of(request), by).getFirst();
    }

    /**
     * Registers up to {@link #MAX_BATCH} devices in one transaction, each checked as {@link #register} checks one;
     * one bad request registers none of them. The credentials come back in the order of the requests.
     */
    public List<DeviceCredential> registerAll(List<NewDevice> requests, Actor by) {
        if (requests.isEmpty() || requests.size() > MAX_BATCH) {
            throw new DroverException(FleetErrors.INVALID, "register 1 to " + MAX_BATCH + " devices at once, not "
                    + requests.size());
        }
        Set<String> ids = new HashSet<>();
        for (NewDevice request : requests) {
            if (!ids.add(request.id())) {
                throw new DroverException(FleetErrors.INVALID, "device id '" + request.id() + "' appears twice");
            }
        }
        List<DeviceCredential> credentials = requests.stream()
                .map(r -> new DeviceCredential(r.id(), Tokens.issue(random))).toList();
        jdbi.useTransaction(h -> {
            Map<String, DeviceClass> classes = new HashMap<>();
            for (NewDevice request : requests) {
                DeviceClass c = classes.computeIfAbsent(request.className(), name -> deviceClass(h, name));
                for (String component : request.inventory().keySet()) {
                    if (!c.components().contains(component)) {
                        throw new DroverException(FleetErrors.INVALID, "class '" + c.name() + "' has no component '"
                                + component + "'; its components are " + c.components());
                    }
                }
            }
            store.existingDevices(h, ids).stream().findFirst().ifPresent(id -> {
                throw new DroverException(FleetErrors.DEVICE_EXISTS, "a device with id '" + id + "' is already registered");
            });
            List<FleetStore.NewDeviceRow> rows = new ArrayList<>();
            for (int i = 0; i < requests.size(); i++) {
                NewDevice request = requests.get(i);
                rows.add(new FleetStore.NewDeviceRow(request, classes.get(request.className()).id(),
                        Tokens.sha256Hex(credentials.get(i).token())));
            }
            store.insertDevices(h, rows, clock.instant());
            List<LedgerRecord> registered = new ArrayList<>(requests.size());
            for (NewDevice request : requests) {
                Map<String, Object> details = new LinkedHashMap<>();
                details.put("className", request.className());
                details.put("inventory", request.inventory());
                registered.add(new LedgerRecord(EntryKind.DEVICE_REGISTERED, by.name(), request.id(), null, null,
                        details));
            }
            ledger.recordAll(h, registered);
            for (NewDevice request : requests) {
                request.identityKey().ifPresent(key -> identities.provision(h, request.id(), key, by));
            }
        });
        LOG.info("{} registered {} device(s) from {}", by, requests.size(), requests.getFirst().id());
        return credentials;
    }

    public Device device(String id) {
        return jdbi.withHandle(h -> device(h, id));
    }

    public Device device(Handle h, String id) {
        return store.findDevice(h, id)
                .orElseThrow(() -> new DroverException(FleetErrors.DEVICE_NOT_FOUND, "no device with id '" + id + "'"));
    }

    /** One page of a class's devices in id order. */
    public List<Device> devices(String className, Page page) {
        return jdbi.withHandle(h -> store.devicesOfClass(h, deviceClass(h, className).id(), page));
    }

    public void revoke(String id, Actor by) {
        jdbi.useTransaction(h -> {
            if (!store.revoke(h, id)) {
                throw new DroverException(FleetErrors.DEVICE_NOT_FOUND, "no device with id '" + id + "'");
            }
            ledger.record(h, new LedgerRecord(EntryKind.DEVICE_REVOKED, by.name(), id, null, null, Map.of()));
        });
        LOG.info("{} revoked device {}", by, id);
    }

    /** The device holding {@code token}; unknown and revoked credentials fail with distinct codes. */
    public AuthenticatedDevice authenticate(String token) {
        return jdbi.withHandle(h -> seen(h.createQuery("SELECT " + AUTHENTICATED_COLUMNS
                        + " FROM device WHERE token_sha256 = :token")
                .bind("token", Tokens.sha256Hex(token))
                .map((rs, ctx) -> authenticated(rs))
                .findOne()
                .orElseThrow(() -> new DroverException(FleetErrors.UNKNOWN_CREDENTIAL, "the device credential is not known"))));
    }

    /**
     * The device named {@code deviceId}, identified by its transport rather than by a token: an LwM2M client
     * registers under its device id. Unknown and revoked devices fail with the same codes as {@link #authenticate}.
     */
    public AuthenticatedDevice identified(String deviceId) {
        return jdbi.withHandle(h -> seen(h.createQuery("SELECT " + AUTHENTICATED_COLUMNS + " FROM device WHERE id = :id")
                .bind("id", deviceId)
                .map((rs, ctx) -> authenticated(rs))
                .findOne()
                .orElseThrow(() -> new DroverException(FleetErrors.UNKNOWN_CREDENTIAL, "no device with id '" + deviceId
                        + "' is registered"))));
    }

    /**
     * The device of a DTLS session, checked at every request as a token is: unknown and revoked devices fail as they
     * do with a token, and so does a session made with a PSK since replaced or a key no longer on record.
     */
    public AuthenticatedDevice authenticate(String deviceId, SessionCredential credential) {
        return jdbi.withHandle(h -> seen(h.createQuery("SELECT " + AUTHENTICATED_COLUMNS
                        + ", psk_generation, identity_key_pem FROM device WHERE id = :id")
                .bind("id", deviceId)
                .map((rs, ctx) -> {
                    AuthenticatedDevice device = authenticated(rs);
                    boolean holds = switch (credential) {
                        case SessionCredential.Psk psk -> Integer.valueOf(psk.generation())
                                .equals(rs.getObject("psk_generation", Integer.class));
                        case SessionCredential.IdentityKey key -> key.publicKeyPem()
                                .equals(rs.getString("identity_key_pem"));
                    };
                    if (!holds) {
                        throw new DroverException(FleetErrors.UNKNOWN_CREDENTIAL, "the credential this session was "
                                + "made with is no longer on record for device '" + deviceId + "': start a new one");
                    }
                    return device;
                })
                .findOne()
                .orElseThrow(() -> new DroverException(FleetErrors.UNKNOWN_CREDENTIAL, "the device credential is not known"))));
    }

    private static AuthenticatedDevice authenticated(ResultSet rs) throws SQLException {
        if (rs.getBoolean("revoked")) {
            throw new DroverException(FleetErrors.REVOKED_CREDENTIAL, "this device's credential was revoked");
        }
        return new AuthenticatedDevice(rs.getString("id"), rs.getLong("device_class_id"),
                rs.getLong("installed_sequence"), Rows.optionalInstant(rs, "last_seen_at"));
    }

    /**
     * Notes {@code deviceId} seen now, for the next flush, without reading its row: for a check-in answered from
     * memory, which does so at most once per {@link #LAST_SEEN_RESOLUTION}.
     */
    public void noteSeen(String deviceId) {
        lastSeen.note(deviceId, clock.instant());
    }

    /** Notes an authenticated device's last-seen time for the next flush, when the stored one is stale. */
    private AuthenticatedDevice seen(AuthenticatedDevice device) {
        Instant now = clock.instant();
        if (device.lastSeenAt().map(seen -> seen.plus(LAST_SEEN_RESOLUTION).isBefore(now)).orElse(true)) {
            lastSeen.note(device.id(), now);
        }
        return device;
    }

    /**
     * The SHA-256 of each image the device last reported (component → hex), read inside the caller's transaction;
     * components it reported no digest for are missing.
     */
    public Map<String, String> imageDigests(Handle h, String deviceId) {
        return store.imageDigests(h, deviceId);
    }

    /** What the device last reported running (component → version), read inside the caller's transaction. */
    public Map<String, String> inventory(Handle h, String deviceId) {
        return store.inventory(h, deviceId);
    }

    /**
     * Records what a device now runs, inside the caller's transaction (a report's): component → version, and the
     * SHA-256 of those images whose digest it reported.
     */
    public void recordInventory(Handle h, String deviceId, Map<String, String> inventory, Map<String, String> digests,
            long installedSequence) {
        store.replaceInventory(h, deviceId, inventory, digests);
        store.setInstalledSequence(h, deviceId, installedSequence);
    }

    /**
     * Records the version a device states for one component outside an install report (an LwM2M client's Device
     * object, read at each registration). The image digest on record is kept while the version stays the same and
     * forgotten when it changes, since it described the earlier image.
     */
    public void recordStatedVersion(String deviceId, String component, String version) {
        jdbi.useTransaction(h -> store.setVersion(h, deviceId, component, version));
    }

    /** Records what a device now runs after a failed install: its inventory, not its sequence number. */
    public void recordInventory(Handle h, String deviceId, Map<String, String> inventory, Map<String, String> digests) {
        store.replaceInventory(h, deviceId, inventory, digests);
    }
}
