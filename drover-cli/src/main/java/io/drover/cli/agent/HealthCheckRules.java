package io.drover.cli.agent;

import io.drover.agent.health.CommandHealthCheck;
import io.drover.agent.health.HealthCheck;
import io.drover.agent.health.HttpProbeHealthCheck;
import io.drover.agent.health.ReportedHealthCheck;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code healthCheck} section of the agent's config file: exactly one kind of check of the application started
 * from the new slot, and how long it may take to pass.
 *
 * <pre>{@code
 * "healthCheck": {"command": ["/usr/bin/app-selftest"], "timeout": "PT2M"}
 * "healthCheck": {"http": "http://127.0.0.1:8080/health", "timeout": "PT2M"}
 * "healthCheck": {"reported": {"file": "/run/fleet-app/health"}, "timeout": "PT2M"}
 * }</pre>
 */
record HealthCheckRules(HealthCheck check, Duration timeout) {
    private static final List<String> KINDS = List.of("command", "http", "reported");
    private static final Set<String> FIELDS = Set.of("command", "http", "reported", "timeout");
    private static final Set<String> REPORTED_FIELDS = Set.of("file");
    private static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(2);

    HealthCheckRules {
        Objects.requireNonNull(check, "check");
        Objects.requireNonNull(timeout, "timeout");
    }

    static Optional<HealthCheckRules> read(ConfigReader parent) {
        return parent.optionalObject("healthCheck", FIELDS).map(HealthCheckRules::readSection);
    }

    private static HealthCheckRules readSection(ConfigReader section) {
        List<String> kinds = KINDS.stream().filter(section::has).toList();
        if (kinds.size() != 1) {
            throw ConfigReader.invalid("healthCheck", "must set exactly one of " + String.join(", ", KINDS)
                    + (kinds.isEmpty() ? "" : ", not " + String.join(" and ", kinds)));
        }
        Duration timeout = section.optionalDuration("timeout").orElse(DEFAULT_TIMEOUT);
        HealthCheck check;
        if (section.has("http")) {
            check = section.parsed("http", "an absolute http(s) URL such as http://127.0.0.1:8080/health",
                    url -> new HttpProbeHealthCheck(URI.create(url), timeout));
        } else if (section.has("reported")) {
            ConfigReader reported = section.optionalObject("reported", REPORTED_FIELDS).orElseThrow();
            check = new ReportedHealthCheck(reported.path("file"), timeout);
        } else {
            if (section.texts("command").isEmpty()) {
                throw ConfigReader.invalid(section.field("command"), "must name the program to run");
            }
            check = new CommandHealthCheck(section.texts("command"), timeout);
        }
        return new HealthCheckRules(check, timeout);
    }
}
