package io.drover.server.fleet;

import static io.drover.server.store.Rows.instant;
import static io.drover.server.store.Rows.optionalInstant;
import static io.drover.server.store.Rows.timestamp;
import static io.drover.server.store.Rows.uuid;

import io.drover.server.store.Page;
import io.drover.suit.VerificationKey;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jdbi.v3.core.Handle;

/** SQL for device classes, their signer keys, devices and inventories. Callers own the transaction. */
final class FleetStore {

    long insertClass(Handle h, NewDeviceClass c, Instant now) {
        long id = h.createUpdate("INSERT INTO device_class (name, vendor_id, class_id, created_at) VALUES (:name, :vendor, :class, :now)")
                .bind("name", c.name()).bind("vendor", c.vendorId()).bind("class", c.classId()).bind("now", timestamp(now))
                .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
        var batch = h.prepareBatch("INSERT INTO class_component (device_class_id, name, criticality) "
                + "VALUES (:id, :name, :level)");
        c.levels().forEach((component, level) -> batch.bind("id", id).bind("name", component)
                .bind("level", level.name()).add());
        batch.execute();
        return id;
    }

    boolean classExists(Handle h, NewDeviceClass c) {
        return h.createQuery("SELECT COUNT(*) FROM device_class WHERE name = :name OR (vendor_id = :vendor AND class_id = :class)")
                .bind("name", c.name()).bind("vendor", c.vendorId()).bind("class", c.classId())
                .mapTo(Long.class).one() > 0;
    }

    Optional<DeviceClass> findClass(Handle h, String name) {
        return h.createQuery("SELECT * FROM device_class WHERE name = :name").bind("name", name)
                .map((rs, ctx) -> {
                    Map<String, Criticality> components = componentsOf(h, rs.getLong("id"));
                    return new DeviceClass(rs.getLong("id"), rs.getString("name"), uuid(rs, "vendor_id"),
                            uuid(rs, "class_id"), List.copyOf(components.keySet()), components,
                            instant(rs, "created_at"));
                })
                .findOne();
    }

    List<String> classNames(Handle h) {
        return h.createQuery("SELECT name FROM device_class ORDER BY name").mapTo(String.class).list();
    }

    /** The class's components in name order, each with its criticality. */
    private Map<String, Criticality> componentsOf(Handle h, long classId) {
        Map<String, Criticality> components = new TreeMap<>();
        h.createQuery("SELECT name, criticality FROM class_component WHERE device_class_id = :id")
                .bind("id", classId)
                .map((rs, ctx) -> Map.entry(rs.getString("name"), Criticality.valueOf(rs.getString("criticality"))))
                .forEach(c -> components.put(c.getKey(), c.getValue()));
        return components;
    }

    boolean insertSigner(Handle h, long classId, VerificationKey key, Instant now) {
        boolean exists = h.createQuery("SELECT COUNT(*) FROM signer_key WHERE device_class_id = :id AND key_id = :kid")
                .bind("id", classId).bind("kid", key.keyId()).mapTo(Long.class).one() > 0;
        if (exists) {
            return false;
        }
        h.createUpdate("INSERT INTO signer_key (device_class_id, key_id, algorithm, public_key_pem, created_at) "
                        + "VALUES (:id, :kid, :alg, :pem, :now)")
                .bind("id", classId).bind("kid", key.keyId()).bind("alg", key.algorithm().name())
                .bind("pem", key.toPem()).bind("now", timestamp(now)).execute();
        return true;
    }

    boolean deleteSigner(Handle h, long classId, String keyId) {
        return h.createUpdate("DELETE FROM signer_key WHERE device_class_id = :id AND key_id = :kid")
                .bind("id", classId).bind("kid", keyId).execute() == 1;
    }

    List<SignerKey> signers(Handle h, long classId, String className) {
        return h.createQuery("SELECT public_key_pem, created_at FROM signer_key WHERE device_class_id = :id ORDER BY created_at, key_id")
                .bind("id", classId)
                .map((rs, ctx) -> new SignerKey(className, VerificationKey.fromPem(rs.getString("public_key_pem")),
                        instant(rs, "created_at")))
                .list();
    }

    /** A device to insert: the request, its class's row id and its token's hash. */
    record NewDeviceRow(NewDevice device, long classId, String tokenSha256) {}

    /** Inserts the devices and their inventories in two batches. */
    void insertDevices(Handle h, List<NewDeviceRow> rows, Instant now) {
        var devices = h.prepareBatch("INSERT INTO device (id, device_class_id, token_sha256, revoked, installed_sequence, "
                + "created_at) VALUES (:id, :cls, :token, FALSE, 0, :now)");
        var components = h.prepareBatch("INSERT INTO device_component (device_id, component, version, sha256) "
                + "VALUES (:id, :c, :v, NULL)");
        boolean anyComponent = false;
        for (NewDeviceRow row : rows) {
            devices.bind("id", row.device().id()).bind("cls", row.classId()).bind("token", row.tokenSha256())
                    .bind("now", timestamp(now)).add();
            for (Map.Entry<String, String> c : row.device().inventory().entrySet()) {
                components.bind("id", row.device().id()).bind("c", c.getKey()).bind("v", c.getValue()).add();
                anyComponent = true;
            }
        }
        devices.execute();
        if (anyComponent) {
            components.execute();
        }
    }

    /** Which of {@code ids} are registered already. */
    List<String> existingDevices(Handle h, Collection<String> ids) {
        return h.createQuery("SELECT id FROM device WHERE id IN (<ids>)").bindList("ids", List.copyOf(ids))
                .mapTo(String.class).list();
    }

    private static final String DEVICE_SELECT = "SELECT d.*, c.name AS class_name FROM device d "
            + "JOIN device_class c ON c.id = d.device_class_id ";

    Optional<Device> findDevice(Handle h, String id) {
        return h.createQuery(DEVICE_SELECT + "WHERE d.id = :id").bind("id", id).map((rs, ctx) -> device(h, rs)).findOne();
    }

    Optional<Device> findDeviceByToken(Handle h, String tokenSha256) {
        return h.createQuery(DEVICE_SELECT + "WHERE d.token_sha256 = :token").bind("token", tokenSha256)
                .map((rs, ctx) -> device(h, rs)).findOne();
    }

    List<Device> devicesOfClass(Handle h, long classId, Page page) {
        return h.createQuery(DEVICE_SELECT + "WHERE d.device_class_id = :cls AND d.id > :after ORDER BY d.id LIMIT :limit")
                .bind("cls", classId).bind("after", page.after()).bind("limit", page.limit())
                .map((rs, ctx) -> device(h, rs)).list();
    }

    private Device device(Handle h, java.sql.ResultSet rs) throws java.sql.SQLException {
        String id = rs.getString("id");
        Map<String, String> inventory = new HashMap<>();
        Map<String, String> digests = new HashMap<>();
        for (InstalledComponent c : installedComponents(h, id)) {
            inventory.put(c.component(), c.version());
            if (c.sha256() != null) {
                digests.put(c.component(), c.sha256());
            }
        }
        return new Device(id, rs.getString("class_name"), rs.getBoolean("revoked"), rs.getLong("installed_sequence"),
                inventory, digests, IdentityStore.identity(rs).map(DeviceIdentity.View::of),
                optionalInstant(rs, "last_seen_at"));
    }

    /** One row of a device's inventory; {@code sha256} is null when the device did not report it. */
    private record InstalledComponent(String component, String version, String sha256) {}

    private List<InstalledComponent> installedComponents(Handle h, String deviceId) {
        return h.createQuery("SELECT component, version, sha256 FROM device_component WHERE device_id = :id")
                .bind("id", deviceId)
                .map((rs, ctx) -> new InstalledComponent(rs.getString("component"), rs.getString("version"),
                        rs.getString("sha256")))
                .list();
    }

    Map<String, String> inventory(Handle h, String deviceId) {
        Map<String, String> inventory = new HashMap<>();
        installedComponents(h, deviceId).forEach(c -> inventory.put(c.component(), c.version()));
        return inventory;
    }

    Map<String, String> imageDigests(Handle h, String deviceId) {
        Map<String, String> digests = new HashMap<>();
        installedComponents(h, deviceId).stream().filter(c -> c.sha256() != null)
                .forEach(c -> digests.put(c.component(), c.sha256()));
        return digests;
    }

    boolean revoke(Handle h, String id) {
        boolean revoked = h.createUpdate("UPDATE device SET revoked = TRUE WHERE id = :id").bind("id", id).execute() == 1;
        if (revoked) {
            deviceChanged(h, id);
        }
        return revoked;
    }

    /**
     * Moves the answer mark of the device's class ({@code device_class.device_revision}), inside the caller's
     * transaction: an operator changed something of the device that decides its check-in answer, which voids the idle
     * tickets of its class.
     */
    static void deviceChanged(Handle h, String deviceId) {
        h.createUpdate("UPDATE device_class SET device_revision = device_revision + 1 "
                + "WHERE id = (SELECT device_class_id FROM device WHERE id = :id)").bind("id", deviceId).execute();
    }

    /** Replaces the device's inventory; {@code digests} holds the SHA-256 of those images the device reported. */
    void replaceInventory(Handle h, String deviceId, Map<String, String> inventory, Map<String, String> digests) {
        h.createUpdate("DELETE FROM device_component WHERE device_id = :id").bind("id", deviceId).execute();
        var batch = h.prepareBatch("INSERT INTO device_component (device_id, component, version, sha256) "
                + "VALUES (:id, :c, :v, :sha)");
        inventory.forEach((component, version) -> batch.bind("id", deviceId).bind("c", component).bind("v", version)
                .bind("sha", digests.get(component)).add());
        if (!inventory.isEmpty()) {
            batch.execute();
        }
    }

    /** Sets one component's version; a changed version forgets the component's image digest. */
    void setVersion(Handle h, String deviceId, String component, String version) {
        int changed = h.createUpdate("UPDATE device_component SET version = :v, sha256 = NULL "
                        + "WHERE device_id = :id AND component = :c AND version <> :v")
                .bind("id", deviceId).bind("c", component).bind("v", version).execute();
        if (changed == 0 && installedComponents(h, deviceId).stream().noneMatch(c -> c.component().equals(component))) {
            h.createUpdate("INSERT INTO device_component (device_id, component, version) VALUES (:id, :c, :v)")
                    .bind("id", deviceId).bind("c", component).bind("v", version).execute();
        }
    }

    void setInstalledSequence(Handle h, String deviceId, long sequence) {
        h.createUpdate("UPDATE device SET installed_sequence = :seq WHERE id = :id").bind("seq", sequence).bind("id", deviceId).execute();
    }
}
