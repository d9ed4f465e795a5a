package io.drover.server.compat;

import java.util.HashMap;
import java.util.Map;

/** A release as the upgrade planner sees it: its id, sequence number and the versions it installs. */
public record ReleaseStep(long releaseId, long sequenceNumber, Map<String, String> components) {
    public ReleaseStep {
        components = Map.copyOf(components);
    }

    /** What a device running {@code inventory} runs after installing this release. */
    public Map<String, String> applyTo(Map<String, String> inventory) {
        Map<String, String> after = new HashMap<>(inventory);
        after.putAll(components);
        return Map.copyOf(after);
    }
}
