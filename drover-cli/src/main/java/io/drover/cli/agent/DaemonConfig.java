package io.drover.cli.agent;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.drover.agent.AgentConfig;
import io.drover.agent.coap.CoapSettings;
import io.drover.agent.gateway.GatewaySettings;
import io.drover.agent.ledger.LedgerWatch;
import io.drover.error.DroverException;
import io.drover.suit.SecretKeyAccess;
import io.drover.suit.SignatureAlgorithm;
import io.drover.suit.VerificationKey;
import io.drover.suit.encryption.GroupKey;
import io.drover.suit.encryption.RecipientPrivateKey;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * The agent daemon's config file (JSON), validated: every problem is reported with the field that causes it.
 *
 * <pre>{@code
 * {
 *   "serverUrl": "https://updates.example.com",
 *   "deviceToken": "…",
 *   "vendorId": "…uuid…", "classId": "…uuid…",
 *   "trustedKeys": ["vendor.pub.pem"],
 *   "ledgerKeyFile": "ledger-key.pem", "ledgerCheckInterval": "PT1H",
 *   "groupKeys": ["fleet.key.pem"], "deviceKeys": ["device.key.pem"],
 *   "dataDir": "/var/lib/drover",
 *   "identityAlgorithm": "ED25519",
 *   "factoryInventory": {"app": "1.0.0"},
 *   "pollInterval": "PT60S",
 *   "safety": { … see SafetyRules … },
 *   "maxDownloadRate": "256KiB/s",
 *   "healthCheck": {"http": "http://127.0.0.1:8080/health", "timeout": "PT60S"}  (or command, reported: see
 *                  HealthCheckRules),
 *   "soak": {"period": "PT1H", "healthInterval": "PT5M"},
 *   "coap": { … see CoapRules: a coaps:// serverUrl needs it, and no deviceToken … },
 *   "gateway": { … see GatewayRules … }
 * }
 * }</pre>
 */
record DaemonConfig(AgentConfig agent, List<GroupKey> groupKeys, List<RecipientPrivateKey> deviceKeys,
        SignatureAlgorithm identityAlgorithm, Duration pollInterval, SafetyRules safety,
        Optional<HealthCheckRules> healthCheck, Optional<Long> maxDownloadRate, Soak soak,
        Duration ledgerCheckInterval, Optional<GatewaySettings> gateway) {
    private static final Set<String> FIELDS = Set.of("serverUrl", "deviceToken", "vendorId", "classId",
            "trustedKeys", "ledgerKeyFile", "ledgerCheckInterval", "groupKeys", "deviceKeys", "dataDir",
            "identityAlgorithm", "factoryInventory", "pollInterval", "safety", "healthCheck", "maxDownloadRate",
            "soak", "coap", "gateway");
    private static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMinutes(1);

    /**
     * For {@code period} after each install, the agent re-runs its health check at most every
     * {@code healthInterval} and reports the device's health to the server. Default: 1 hour, every 5 minutes.
     */
    record Soak(Duration period, Duration healthInterval) {
        private static final Set<String> FIELDS = Set.of("period", "healthInterval");
        static final Soak DEFAULT = new Soak(Duration.ofHours(1), Duration.ofMinutes(5));

        Soak {
            Objects.requireNonNull(period, "period");
            Objects.requireNonNull(healthInterval, "healthInterval");
        }

        static Soak read(ConfigReader parent) {
            return parent.optionalObject("soak", FIELDS).map(soak -> new Soak(
                    soak.optionalDuration("period").orElse(DEFAULT.period()),
                    soak.optionalDuration("healthInterval").orElse(DEFAULT.healthInterval())))
                    .orElse(DEFAULT);
        }
    }

    DaemonConfig {
        Objects.requireNonNull(agent, "agent");
        groupKeys = List.copyOf(groupKeys);
        deviceKeys = List.copyOf(deviceKeys);
        Objects.requireNonNull(identityAlgorithm, "identityAlgorithm");
        Objects.requireNonNull(pollInterval, "pollInterval");
        Objects.requireNonNull(safety, "safety");
        Objects.requireNonNull(healthCheck, "healthCheck");
        Objects.requireNonNull(maxDownloadRate, "maxDownloadRate");
        Objects.requireNonNull(soak, "soak");
        Objects.requireNonNull(ledgerCheckInterval, "ledgerCheckInterval");
        Objects.requireNonNull(gateway, "gateway");
    }

    static DaemonConfig load(Path file) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(Files.readString(file));
        } catch (NoSuchFileException e) {
            throw ConfigReader.invalid("file " + file, "does not exist");
        } catch (JacksonException e) {
            throw ConfigReader.invalid("file " + file, "is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw ConfigReader.invalid("file " + file, "cannot be read: " + e);
        }
        if (root == null) {
            throw ConfigReader.invalid("file " + file, "is empty");
        }
        Path baseDir = file.toAbsolutePath().getParent();
        return read(new ConfigReader(root, "", baseDir, FIELDS));
    }

    private static DaemonConfig read(ConfigReader config) {
        URI serverUrl = config.parsed("serverUrl", "an absolute http(s) URL (or coap(s) for CoAP)", URI::create);
        UUID vendorId = config.parsed("vendorId", "a UUID", UUID::fromString);
        UUID classId = config.parsed("classId", "a UUID", UUID::fromString);
        List<VerificationKey> trusted = keys(config, "trustedKeys", VerificationKey::fromPem);
        if (trusted.isEmpty()) {
            throw ConfigReader.invalid("trustedKeys", "must list at least one public key file");
        }
        AgentConfig agent;
        try {
            Optional<CoapSettings> coap = CoapRules.read(config);
            String token = CoapSettings.isCoap(serverUrl) ? config.optionalText("deviceToken").orElse(null)
                    : config.text("deviceToken");
            agent = new AgentConfig(serverUrl, token, config.path("dataDir"), vendorId, classId, trusted,
                    config.textMap("factoryInventory"), ledgerKey(config), coap);
        } catch (IllegalArgumentException e) {
            // AgentConfig names the setting itself (serverUrl, deviceToken, a factoryInventory component).
            throw new DroverException(ConfigReader.INVALID_CONFIG, "agent config: " + e.getMessage());
        }
        return new DaemonConfig(agent,
                keys(config, "groupKeys", pem -> GroupKey.fromPem(pem, SecretKeyAccess.get())),
                keys(config, "deviceKeys", pem -> RecipientPrivateKey.fromPem(pem, SecretKeyAccess.get())),
                config.optionalParsed("identityAlgorithm", "ED25519 or ES256 (P-256)", SignatureAlgorithm::valueOf)
                        .orElse(SignatureAlgorithm.ED25519),
                config.optionalDuration("pollInterval").orElse(DEFAULT_POLL_INTERVAL),
                SafetyRules.read(config), HealthCheckRules.read(config),
                config.optionalParsedTextOrNumber("maxDownloadRate",
                        "bytes per second (at least 1), such as \"256KiB/s\", \"2MB/s\" or 262144", ByteAmount::rate),
                Soak.read(config),
                config.optionalDuration("ledgerCheckInterval").orElse(LedgerWatch.DEFAULT_INTERVAL),
                GatewayRules.read(config));
    }

    /** The server ledger's public key the agent checks heads with (SPKI PEM, as {@code GET /api/v1/ledger/key}). */
    private static Optional<VerificationKey> ledgerKey(ConfigReader config) {
        Optional<Path> file = config.optionalPath("ledgerKeyFile");
        if (file.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(VerificationKey.fromPem(Files.readString(file.get())));
        } catch (IOException e) {
            throw ConfigReader.invalid("ledgerKeyFile", "names " + file.get() + ", which cannot be read: " + e);
        } catch (IllegalArgumentException | DroverException e) {
            throw ConfigReader.invalid("ledgerKeyFile", "names " + file.get() + ", which holds no usable public key: "
                    + e.getMessage());
        }
    }

    private static <K> List<K> keys(ConfigReader config, String name, Function<String, K> parser) {
        List<K> keys = new ArrayList<>();
        for (Path file : config.paths(name)) {
            try {
                keys.add(parser.apply(Files.readString(file)));
            } catch (IOException e) {
                throw ConfigReader.invalid(name, "names " + file + ", which cannot be read: " + e);
            } catch (IllegalArgumentException | DroverException e) {
                throw ConfigReader.invalid(name, "names " + file + ", which holds no usable key: " + e.getMessage());
            }
        }
        return keys;
    }
}
