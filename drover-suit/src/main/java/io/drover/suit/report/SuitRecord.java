package io.drover.suit.report;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A SUIT_Record (draft-ietf-suit-report-18): where in which manifest a command ran, on which component, with which
 * parameters.
 *
 * @param manifestId     the path of dependency component indices from the root manifest; empty for the root itself
 * @param section        the manifest member label of the command sequence (e.g. 20 for install, 4 for shared)
 * @param offset         the byte offset of the command within its (innermost) sequence
 * @param componentIndex the component index the command ran on
 * @param properties     parameter label to value, as the manifest gave them
 */
public record SuitRecord(List<Long> manifestId, int section, long offset, long componentIndex,
        Map<Integer, CborBytes> properties) {
    public SuitRecord {
        manifestId = List.copyOf(manifestId);
        if (manifestId.stream().anyMatch(i -> i < 0)) {
            throw new IllegalArgumentException("manifest id indices are unsigned: " + manifestId);
        }
        if (offset < 0 || componentIndex < 0) {
            throw new IllegalArgumentException("offset and component index are unsigned");
        }
        properties = Map.copyOf(Objects.requireNonNull(properties, "properties"));
    }

    /** The properties ordered by label, for stable output. */
    public Map<Integer, CborBytes> sortedProperties() {
        return new TreeMap<>(properties);
    }
}
