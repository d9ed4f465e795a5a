package io.drover.safety;

import io.drover.error.DroverException;
import io.drover.error.ErrorCode;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What a rollout requires of a device before it installs, all at once: the device's clock within one of the
 * {@code windows} (in {@code timeZone}), and each of {@code attributes} reported with exactly that value. It is the
 * format of the agent daemon's own {@code safety} section, restricted to what a server can ask of a whole fleet:
 *
 * <pre>{@code
 * {"timeZone": "Europe/Berlin", "windows": [{"days": ["SAT", "SUN"], "start": "01:00", "length": "PT4H"}],
 *  "attributes": {"in_depot": "true"}}
 * }</pre>
 *
 * Values are kept in canonical form (full day names, {@code HH:mm}, ISO-8601 durations, the zone's id), so what is
 * stored and sent reads back equal. Anything else is {@code rollout.invalid}, naming the field.
 *
 * @param timeZone the windows' zone; {@code UTC} when left out
 * @param windows none: any time will do
 * @param attributes none: any device will do
 */
public record RolloutSafety(String timeZone, List<SafetyWindow> windows, Map<String, String> attributes) {
    /** The server's code for a rollout request it cannot accept. */
    public static final ErrorCode INVALID = new ErrorCode("rollout.invalid", ErrorCode.Category.MALFORMED);
    public static final int MAX_WINDOWS = 32;
    public static final int MAX_ATTRIBUTES = 32;
    public static final int MAX_VALUE_LENGTH = 200;
    /** The names devices may report attributes under. */
    private static final Pattern ATTRIBUTE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]{0,99}");

    public RolloutSafety {
        timeZone = zone(timeZone).getId();
        if (windows == null) {
            windows = List.of();
        }
        if (windows.stream().anyMatch(Objects::isNull)) {
            throw invalid("safety.windows must list window objects, not null");
        }
        windows = List.copyOf(windows);
        if (windows.size() > MAX_WINDOWS) {
            throw invalid("safety.windows may list at most " + MAX_WINDOWS + " windows, not " + windows.size());
        }
        attributes = attributes == null ? Map.of() : Map.copyOf(checked(attributes));
        if (windows.isEmpty() && attributes.isEmpty()) {
            throw invalid("safety must name at least one window or attribute (leave it out for none)");
        }
    }

    /** The zone the windows are read in. */
    public ZoneId zone() {
        return ZoneId.of(timeZone);
    }

    static DroverException invalid(String message) {
        return new DroverException(INVALID, message);
    }

    private static ZoneId zone(String id) {
        if (id == null) {
            return ZoneId.of("UTC");
        }
        try {
            return ZoneId.of(id);
        } catch (DateTimeException e) {
            throw invalid("safety.timeZone must be a time-zone id such as Europe/Berlin, not '" + id + "'");
        }
    }

    private static Map<String, String> checked(Map<String, String> attributes) {
        if (attributes.size() > MAX_ATTRIBUTES) {
            throw invalid("safety.attributes may name at most " + MAX_ATTRIBUTES + " attributes, not "
                    + attributes.size());
        }
        attributes.forEach((name, value) -> {
            if (name == null || !ATTRIBUTE_NAME.matcher(name).matches() || name.equals("group")) {
                throw invalid("safety.attributes: '" + name + "' is no attribute name (a letter or '_', then at most"
                        + " 99 letters, digits, '_', '.' or '-'; not 'group')");
            }
            if (value == null || value.isBlank() || value.length() > MAX_VALUE_LENGTH) {
                throw invalid("safety.attributes." + name + " must be a text of 1 to " + MAX_VALUE_LENGTH
                        + " characters");
            }
        });
        return attributes;
    }
}
