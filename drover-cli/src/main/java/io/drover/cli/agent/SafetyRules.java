package io.drover.cli.agent;

import io.drover.agent.safety.AttributeEquals;
import io.drover.agent.safety.BatteryAtLeast;
import io.drover.agent.safety.CommandCondition;
import io.drover.agent.safety.MaintenanceWindow;
import io.drover.agent.safety.PropertiesAttributeSource;
import io.drover.agent.safety.SafetyCondition;
import io.drover.agent.safety.SafetyPolicy;
import io.drover.agent.safety.Window;
import io.drover.safety.SafetyWindow;
import java.nio.file.Path;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code safety} section of the agent's config file, validated; {@link #policy} builds the conditions. Windows
 * and attributes read as in a rollout's safety conditions ({@link io.drover.safety.RolloutSafety}); the attributes
 * file is also what the agent reports to its server as the device's attributes.
 *
 * <pre>{@code
 * "safety": {
 *   "timeZone": "Europe/Berlin",
 *   "windows": [{"days": ["SAT", "SUN"], "start": "02:00", "length": "PT2H"}],
 *   "attributesFile": "/run/fleet-app/attributes.properties",
 *   "attributes": {"in_depot": "true"},
 *   "minBatteryPercent": 30,
 *   "command": ["/usr/bin/machine-idle"], "commandTimeout": "PT10S",
 *   "force": false
 * }
 * }</pre>
 */
record SafetyRules(ZoneId zone, List<Window> windows, Optional<Path> attributesFile, Map<String, String> attributes,
        Optional<Integer> minBatteryPercent, Optional<CommandCondition> command, boolean force) {
    private static final Set<String> FIELDS = Set.of("timeZone", "windows", "attributesFile", "attributes",
            "minBatteryPercent", "command", "commandTimeout", "force");
    private static final Set<String> WINDOW_FIELDS = Set.of("days", "start", "length");
    private static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofSeconds(30);

    SafetyRules {
        Objects.requireNonNull(zone, "zone");
        windows = List.copyOf(windows);
        attributes = Map.copyOf(attributes);
        Objects.requireNonNull(minBatteryPercent, "minBatteryPercent");
        Objects.requireNonNull(command, "command");
        if (attributesFile.isEmpty() && (!attributes.isEmpty() || minBatteryPercent.isPresent())) {
            throw ConfigReader.invalid("safety.attributesFile",
                    "is required when safety.attributes or safety.minBatteryPercent is set");
        }
    }

    static SafetyRules none() {
        return new SafetyRules(ZoneId.of("UTC"), List.of(), Optional.empty(), Map.of(), Optional.empty(),
                Optional.empty(), false);
    }

    static SafetyRules read(ConfigReader parent) {
        return parent.optionalObject("safety", FIELDS).map(SafetyRules::readSection).orElseGet(SafetyRules::none);
    }

    private static SafetyRules readSection(ConfigReader safety) {
        ZoneId zone = safety.optionalParsed("timeZone", "a time-zone id such as Europe/Berlin", ZoneId::of)
                .orElse(ZoneId.systemDefault());
        List<Window> windows = safety.objects("windows", WINDOW_FIELDS).stream().map(SafetyRules::window).toList();
        Optional<CommandCondition> command = Optional.empty();
        if (safety.has("command")) {
            if (safety.texts("command").isEmpty()) {
                throw ConfigReader.invalid(safety.field("command"), "must name the program to run");
            }
            command = Optional.of(new CommandCondition(safety.texts("command"),
                    safety.optionalDuration("commandTimeout").orElse(DEFAULT_COMMAND_TIMEOUT)));
        }
        return new SafetyRules(zone, windows, safety.optionalPath("attributesFile"), safety.textMap("attributes"),
                safety.optionalInt("minBatteryPercent", 0, 100), command, safety.flag("force"));
    }

    private static Window window(ConfigReader window) {
        Set<DayOfWeek> days = EnumSet.allOf(DayOfWeek.class);
        if (window.has("days")) {
            days = EnumSet.noneOf(DayOfWeek.class);
            for (String day : window.texts("days")) {
                // The same day names a rollout's safety conditions take.
                days.add(SafetyWindow.day(day).orElseThrow(() -> ConfigReader.invalid(window.field("days"),
                        "must name days such as MONDAY or MON, not " + day)));
            }
        }
        LocalTime start = window.parsed("start", "a time of day such as 02:00", LocalTime::parse);
        Duration length = window.optionalDuration("length")
                .orElseThrow(() -> ConfigReader.invalid(window.field("length"), "is required"));
        try {
            return new Window(days, start, length);
        } catch (IllegalArgumentException e) {
            throw ConfigReader.invalid(window.field("length"), e.getMessage());
        }
    }

    SafetyPolicy policy(Clock clock) {
        List<SafetyCondition> conditions = new ArrayList<>();
        if (!windows.isEmpty()) {
            conditions.add(new MaintenanceWindow(windows, zone, clock));
        }
        attributesFile.map(PropertiesAttributeSource::new).ifPresent(source -> {
            attributes.forEach((name, value) -> conditions.add(new AttributeEquals(source, name, value)));
            minBatteryPercent.ifPresent(min -> conditions.add(new BatteryAtLeast(source, min)));
        });
        command.ifPresent(conditions::add);
        return new SafetyPolicy(conditions, force);
    }
}
