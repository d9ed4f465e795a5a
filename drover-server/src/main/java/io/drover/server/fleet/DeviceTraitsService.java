package io.drover.server.fleet;

import io.drover.error.DroverException;
import io.drover.server.store.JsonColumn;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/** Device attributes (reported by the device) and groups (kept by operators), which rollouts target. */
public final class DeviceTraitsService {
    public static final int MAX_GROUPS = 32;

    private final Jdbi jdbi;

    public DeviceTraitsService(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Replaces what the device said about itself; written only when it changed, since devices repeat it. */
    public void reportAttributes(String deviceId, Map<String, String> attributes) {
        String json = JsonColumn.write(new java.util.TreeMap<>(DeviceTraits.validAttributes(attributes)));
        jdbi.useHandle(h -> h.createUpdate("UPDATE device SET attributes = :json WHERE id = :id "
                        + "AND (attributes IS NULL OR attributes <> :json)")
                .bind("json", json).bind("id", deviceId).execute());
    }

    /** Replaces the groups of a device. */
    public DeviceTraits setGroups(String deviceId, Set<String> groups) {
        if (groups == null || groups.size() > MAX_GROUPS) {
            throw new DroverException(FleetErrors.INVALID, "a device is in 0 to " + MAX_GROUPS + " groups");
        }
        groups.forEach(g -> Names.require("group name", g));
        return jdbi.inTransaction(h -> {
            requireDevice(h, deviceId);
            h.createUpdate("DELETE FROM device_group WHERE device_id = :id").bind("id", deviceId).execute();
            var batch = h.prepareBatch("INSERT INTO device_group (device_id, group_name) VALUES (:id, :g)");
            groups.forEach(g -> batch.bind("id", deviceId).bind("g", g).add());
            if (!groups.isEmpty()) {
                batch.execute();
            }
            FleetStore.deviceChanged(h, deviceId); // groups target rollouts and name canaries
            return traits(h, deviceId);
        });
    }

    public DeviceTraits traits(String deviceId) {
        return jdbi.withHandle(h -> {
            requireDevice(h, deviceId);
            return traits(h, deviceId);
        });
    }

    public DeviceTraits traits(Handle h, String deviceId) {
        String json = h.createQuery("SELECT attributes FROM device WHERE id = :id").bind("id", deviceId)
                .mapTo(String.class).findOne().orElse(null);
        Set<String> groups = new HashSet<>(h.createQuery("SELECT group_name FROM device_group WHERE device_id = :id")
                .bind("id", deviceId).mapTo(String.class).list());
        return traitsOf(json, groups);
    }

    /** Traits from a device's stored attributes column (JSON, or null) and its groups. */
    public static DeviceTraits traitsOf(String attributesJson, Set<String> groups) {
        return new DeviceTraits(attributes(attributesJson), groups);
    }

    /** A device of a class that has not installed a given release, with its traits: what sizes a rollout's waves. */
    public record Candidate(String deviceId, DeviceTraits traits) {}

    /**
     * Streams the unrevoked devices of a class below {@code sequence}, with their traits, to {@code sink}. Reads the
     * class once; a rollout's waves are sized with it once.
     */
    public void candidates(Handle h, long classDbId, long sequence, Consumer<Candidate> sink) {
        Map<String, Set<String>> groups = new HashMap<>();
        h.createQuery("SELECT g.device_id, g.group_name FROM device_group g JOIN device d ON d.id = g.device_id "
                        + "WHERE d.device_class_id = :cls")
                .bind("cls", classDbId)
                .map((rs, ctx) -> Map.entry(rs.getString("device_id"), rs.getString("group_name")))
                .forEach(e -> groups.computeIfAbsent(e.getKey(), k -> new HashSet<>()).add(e.getValue()));
        h.createQuery("SELECT id, attributes FROM device WHERE device_class_id = :cls AND revoked = FALSE "
                        + "AND installed_sequence < :seq")
                .bind("cls", classDbId).bind("seq", sequence)
                .setFetchSize(1000)
                .map((rs, ctx) -> new Candidate(rs.getString("id"), new DeviceTraits(attributes(rs.getString("attributes")),
                        groups.getOrDefault(rs.getString("id"), Set.of()))))
                .forEach(sink);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> attributes(String json) {
        return json == null ? Map.of() : JsonColumn.read(json, LinkedHashMap.class);
    }

    private static void requireDevice(Handle h, String deviceId) {
        if (h.createQuery("SELECT COUNT(*) FROM device WHERE id = :id").bind("id", deviceId).mapTo(Long.class).one() == 0) {
            throw new DroverException(FleetErrors.DEVICE_NOT_FOUND, "no device with id '" + deviceId + "'");
        }
    }
}
