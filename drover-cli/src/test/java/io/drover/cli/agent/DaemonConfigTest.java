package io.drover.cli.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drover.agent.health.CommandHealthCheck;
import io.drover.agent.health.HttpProbeHealthCheck;
import io.drover.agent.health.ReportedHealthCheck;
import io.drover.agent.coap.CoapSettings;
import io.drover.agent.gateway.GatewaySettings;
import io.drover.error.DroverException;
import io.drover.suit.SecretKeyAccess;
import io.drover.suit.SignatureAlgorithm;
import io.drover.suit.SigningKey;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DaemonConfigTest {
    private static final String REQUIRED = """
            "serverUrl": "https://updates.example.com", "deviceToken": "t0k3n",
            "vendorId": "3f1b3c2e-7c1e-4a55-9a3a-0a1b2c3d4e5f", "classId": "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d",
            "trustedKeys": ["vendor.pub.pem"], "dataDir": "data\"""";

    /** A constrained device: a coaps:// server and no token. */
    private static final String COAP = REQUIRED.replace(
            "\"serverUrl\": \"https://updates.example.com\", \"deviceToken\": \"t0k3n\",",
            "\"serverUrl\": \"coaps://updates.example.com:5684\",");

    @TempDir
    Path dir;

    @BeforeEach
    void writeKey() throws IOException {
        Files.writeString(dir.resolve("vendor.pub.pem"),
                SigningKey.generate(SignatureAlgorithm.ED25519).verificationKey().toPem());
    }

    private DaemonConfig load(String json) throws IOException {
        Path file = dir.resolve("agent.json");
        Files.writeString(file, json);
        return DaemonConfig.load(file);
    }

    @Test
    void readsAFullConfigResolvingPathsAgainstItsDirectory() throws IOException {
        DaemonConfig config = load("{" + REQUIRED + """
                , "pollInterval": "PT45S", "identityAlgorithm": "ES256",
                "safety": {"timeZone": "Europe/Berlin", "attributesFile": "attrs.properties",
                           "windows": [{"days": ["SATURDAY", "sun"], "start": "22:00", "length": "PT4H"}],
                           "attributes": {"in_depot": true}, "minBatteryPercent": 30,
                           "command": ["/usr/bin/idle"], "force": true},
                "healthCheck": {"command": ["/usr/bin/selftest", "--quick"]},
                "soak": {"period": "PT2H", "healthInterval": "PT10M"}}""");

        assertThat(config.agent().dataDir()).isEqualTo(dir.resolve("data"));
        assertThat(config.pollInterval()).isEqualTo(Duration.ofSeconds(45));
        assertThat(config.identityAlgorithm()).isEqualTo(SignatureAlgorithm.ES256);
        assertThat(config.safety().zone()).isEqualTo(ZoneId.of("Europe/Berlin"));
        assertThat(config.safety().attributesFile()).contains(dir.resolve("attrs.properties"));
        assertThat(config.safety().attributes()).containsEntry("in_depot", "true");
        assertThat(config.safety().policy(java.time.Clock.systemUTC()).conditions()).hasSize(4);
        assertThat(config.safety().force()).isTrue();
        assertThat(config.healthCheck()).hasValueSatisfying(health -> {
            assertThat(health.check()).isEqualTo(new CommandHealthCheck(List.of("/usr/bin/selftest", "--quick"),
                    Duration.ofMinutes(2)));
            assertThat(health.timeout()).isEqualTo(Duration.ofMinutes(2));
        });
        assertThat(config.maxDownloadRate()).isEmpty();
        assertThat(config.soak()).isEqualTo(new DaemonConfig.Soak(Duration.ofHours(2), Duration.ofMinutes(10)));
    }

    @Test
    void readsAnHttpProbeOrAReportedHealthCheck() throws IOException {
        assertThat(load("{" + REQUIRED + """
                , "healthCheck": {"http": "http://127.0.0.1:8080/health", "timeout": "PT30S"}}""").healthCheck())
                .hasValueSatisfying(health -> assertThat(health.check()).isEqualTo(
                        new HttpProbeHealthCheck(URI.create("http://127.0.0.1:8080/health"), Duration.ofSeconds(30))));
        assertThat(load("{" + REQUIRED + """
                , "healthCheck": {"reported": {"file": "app-health"}}}""").healthCheck())
                .hasValueSatisfying(health -> assertThat(health.check()).isEqualTo(
                        new ReportedHealthCheck(dir.resolve("app-health"), Duration.ofMinutes(2))));
    }

    @Test
    void readsTheMaxDownloadRateAsBytesPerSecond() throws IOException {
        Map<String, Long> rates = Map.of("262144", 262_144L, "\"262144\"", 262_144L, "\"256KiB/s\"", 262_144L,
                "\"2MB/s\"", 2_000_000L, "\"1.5 MiB/s\"", 1_572_864L, "\"100B/s\"", 100L, "\"1GiB/s\"", 1L << 30);
        for (Map.Entry<String, Long> rate : rates.entrySet()) {
            assertThat(load("{" + REQUIRED + ", \"maxDownloadRate\": " + rate.getKey() + "}").maxDownloadRate())
                    .as(rate.getKey()).contains(rate.getValue());
        }
    }

    @Test
    void readsTheLedgerKeyAndHowOftenAnIdleDeviceChecksTheLedger() throws IOException {
        var ledgerKey = SigningKey.generate(SignatureAlgorithm.ED25519).verificationKey();
        Files.writeString(dir.resolve("ledger-key.pem"), ledgerKey.toPem());

        DaemonConfig config = load("{" + REQUIRED + """
                , "ledgerKeyFile": "ledger-key.pem", "ledgerCheckInterval": "PT15M"}""");

        assertThat(config.agent().ledgerKey()).contains(ledgerKey);
        assertThat(config.ledgerCheckInterval()).isEqualTo(Duration.ofMinutes(15));
        DaemonConfig unchecked = load("{" + REQUIRED + "}");
        assertThat(unchecked.agent().ledgerKey()).isEmpty();
        assertThat(unchecked.ledgerCheckInterval()).isEqualTo(Duration.ofHours(1));
        Files.writeString(dir.resolve("not-a-key.pem"), "hello");
        assertProblem("{" + REQUIRED + ", \"ledgerKeyFile\": \"not-a-key.pem\"}", "agent config: ledgerKeyFile names "
                + dir.resolve("not-a-key.pem") + ", which holds no usable public key");
        assertProblem("{" + REQUIRED + ", \"ledgerKeyFile\": \"missing.pem\"}", "agent config: ledgerKeyFile names "
                + dir.resolve("missing.pem") + ", which cannot be read");
        assertProblem("{" + REQUIRED + ", \"ledgerCheckInterval\": \"PT0S\"}",
                "agent config: ledgerCheckInterval must be positive");
    }

    @Test
    void readsAConstrainedDeviceThatSpeaksCoapWithAPskFromAFile() throws IOException {
        Files.writeString(dir.resolve("dev-1.psk"), "k3y-0123456789abcdef\n");

        DaemonConfig config = load("{" + COAP + """
                , "coap": {"pskIdentity": "dev-1", "pskKeyFile": "dev-1.psk", "blockSize": 256,
                           "gatewayUrl": "coap://gw.local:5683", "ackTimeout": "PT1S"}}""");

        CoapSettings coap = config.agent().coap().orElseThrow();
        assertThat(config.agent().deviceToken()).isNull();
        assertThat(coap.psk().orElseThrow().identity()).isEqualTo("dev-1");
        assertThat(coap.psk().orElseThrow().secret(SecretKeyAccess.get()))
                .isEqualTo("k3y-0123456789abcdef".getBytes(StandardCharsets.US_ASCII));
        assertThat(coap.blockSize()).isEqualTo(256);
        assertThat(coap.gatewayUrl()).contains(URI.create("coap://gw.local:5683"));
        assertThat(coap.ackTimeout()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void readsTheGatewayUrlUnderItsOlderNameArtifactUrl() throws IOException {
        String psk = "\"pskIdentity\": \"dev-1\", \"pskKey\": \"k3y-0123456789abcdef\"";

        CoapSettings coap = load("{" + COAP + ", \"coap\": {" + psk + ", \"artifactUrl\": \"coap://gw:5683\"}}")
                .agent().coap().orElseThrow();

        assertThat(coap.gatewayUrl()).contains(URI.create("coap://gw:5683"));
        assertProblem("{" + COAP + ", \"coap\": {" + psk + ", \"artifactUrl\": \"coap://gw:5683\", "
                + "\"gatewayUrl\": \"coap://gw:5683\"}}",
                "agent config: coap.artifactUrl is the older name of coap.gatewayUrl: set one");
    }

    @Test
    void readsACoapDeviceThatTrustsTheServersRawPublicKey() throws IOException {
        var serverKey = SigningKey.generate(SignatureAlgorithm.ES256).verificationKey();
        Files.writeString(dir.resolve("server.pub.pem"), serverKey.toPem());

        CoapSettings coap = load("{" + COAP + ", \"coap\": {\"serverKeyFile\": \"server.pub.pem\"}}").agent().coap()
                .orElseThrow();

        assertThat(coap.psk()).isEmpty();
        assertThat(coap.serverKey()).contains(serverKey);
        assertThat(coap.blockSize()).isEqualTo(CoapSettings.DEFAULT_BLOCK_SIZE);
    }

    @Test
    void readsAGateway() throws IOException {
        DaemonConfig config = load("{" + REQUIRED + """
                , "gateway": {"listen": "0.0.0.0:5683", "cacheDir": "cache", "maxCacheBytes": "2GiB",
                              "fetchWait": "PT5S"}}""");

        GatewaySettings gateway = config.gateway().orElseThrow();
        assertThat(gateway.listen()).isEqualTo(new InetSocketAddress("0.0.0.0", 5683));
        assertThat(gateway.cacheDir()).isEqualTo(dir.resolve("cache"));
        assertThat(gateway.maxCacheBytes()).isEqualTo(2L << 30);
        assertThat(gateway.fetchWait()).isEqualTo(Duration.ofSeconds(5));
        assertThat(load("{" + REQUIRED + ", \"gateway\": {\"listen\": \"[::1]:5683\", \"cacheDir\": \"c\"}}")
                .gateway().orElseThrow().maxCacheBytes()).isEqualTo(GatewaySettings.DEFAULT_MAX_CACHE_BYTES);
        assertThat(load("{" + REQUIRED + "}").gateway()).isEmpty();
    }

    @Test
    void namesTheFieldOfEveryCoapAndGatewayProblem() {
        String psk = "\"pskIdentity\": \"dev-1\", \"pskKey\": \"k3y-0123456789abcdef\"";
        assertProblem("{" + COAP + "}", "agent config: a coap:// or coaps:// serverUrl needs the coap settings");
        assertProblem("{" + COAP + ", \"coap\": {\"blockSize\": 1024}}",
                "agent config: a coaps:// serverUrl needs coap.psk or coap.serverKey");
        assertProblem("{" + COAP + ", \"coap\": {\"pskIdentity\": \"dev-1\"}}",
                "agent config: coap.pskIdentity needs coap.pskKey or coap.pskKeyFile");
        assertProblem("{" + COAP + ", \"coap\": {\"pskKey\": \"k3y-0123456789abcdef\"}}",
                "agent config: coap.pskKey needs coap.pskIdentity");
        assertProblem("{" + COAP + ", \"coap\": {\"pskIdentity\": \"dev-1\", \"pskKey\": \"short\"}}",
                "agent config: coap.pskKey a PSK secret has 16 to 64 bytes");
        assertProblem("{" + COAP + ", \"coap\": {" + psk + ", \"blockSize\": 100}}",
                "agent config: coap.blockSize must be a power of two from 16 to 1024");
        assertProblem("{" + COAP + ", \"coap\": {" + psk + ", \"blockSize\": 2048}}",
                "agent config: coap.blockSize must be a whole number from 16 to 1024");
        assertProblem("{" + COAP + ", \"coap\": {" + psk + ", \"gatewayUrl\": \"http://gw:80\"}}",
                "agent config: coap.gatewayUrl must be a coap:// or coaps:// URL");
        assertProblem("{" + COAP + ", \"coap\": {\"pskIdentity\": \"dev-1\", \"pskKeyFile\": \"missing.psk\"}}",
                "agent config: coap.pskKeyFile names " + dir.resolve("missing.psk") + ", which cannot be read");
        assertProblem("{" + REQUIRED + ", \"coap\": {" + psk + "}}",
                "agent config: coap settings need a coap:// or coaps:// serverUrl");
        assertProblem("{" + REQUIRED + ", \"gateway\": {\"listen\": \"5683\", \"cacheDir\": \"c\"}}",
                "agent config: gateway.listen must be host:port");
        assertProblem("{" + REQUIRED + ", \"gateway\": {\"listen\": \"0.0.0.0:5683\"}}",
                "agent config: gateway.cacheDir is required");
        assertProblem("{" + REQUIRED + ", \"gateway\": {\"listen\": \"0.0.0.0:5683\", \"cacheDir\": \"c\","
                + " \"maxCacheBytes\": \"lots\"}}", "agent config: gateway.maxCacheBytes must be a size in bytes");
        assertProblem("{" + REQUIRED + ", \"gateway\": {\"listen\": \"0.0.0.0:5683\", \"cacheDir\": \"c\","
                + " \"port\": 5683}}", "agent config: gateway.port is not a known setting");
    }

    @Test
    void makesEd25519IdentityKeysUnlessToldOtherwise() throws IOException {
        assertThat(load("{" + REQUIRED + "}").identityAlgorithm()).isEqualTo(SignatureAlgorithm.ED25519);
    }

    @Test
    void namesTheFieldOfEveryProblem() {
        assertProblem("{" + REQUIRED.replace("\"deviceToken\": \"t0k3n\",", "") + "}",
                "agent config: deviceToken is required");
        assertProblem("{" + REQUIRED + ", \"pollInterval\": \"30s\"}",
                "agent config: pollInterval must be an ISO-8601 duration such as PT30S, not \"30s\"");
        assertProblem("{" + REQUIRED + ", \"polInterval\": \"PT30S\"}", "agent config: polInterval is not a known setting");
        assertProblem("{" + REQUIRED + ", \"safety\": {\"windows\": [{\"days\": [\"FRY\"], \"start\": \"22:00\","
                + " \"length\": \"PT1H\"}]}}",
                "agent config: safety.windows[0].days must name days such as MONDAY or MON, not FRY");
        assertProblem("{" + REQUIRED + ", \"soak\": {\"period\": \"PT0S\"}}", "agent config: soak.period must be positive");
        assertProblem("{" + REQUIRED + ", \"soak\": {\"every\": \"PT1M\"}}", "agent config: soak.every is not a known setting");
        assertProblem("{" + REQUIRED + ", \"safety\": {\"minBatteryPercent\": 30}}",
                "agent config: safety.attributesFile is required when");
        assertProblem("{" + REQUIRED.replace("vendor.pub.pem", "missing.pem") + "}",
                "agent config: trustedKeys names " + dir.resolve("missing.pem") + ", which cannot be read");
        assertProblem("{" + REQUIRED + ", \"safety\": {\"timeZone\": \"Mars/Olympus\"}}",
                "agent config: safety.timeZone must be a time-zone id such as Europe/Berlin, not \"Mars/Olympus\"");
        assertProblem("{" + REQUIRED.replace("https://updates.example.com", "ftp://updates.example.com") + "}",
                "agent config: serverUrl must be an absolute http(s) URL");
        assertProblem("{" + REQUIRED + ", \"identityAlgorithm\": \"RSA\"}",
                "agent config: identityAlgorithm must be ED25519 or ES256 (P-256), not \"RSA\"");
        assertProblem("{" + REQUIRED, "is not valid JSON");
        assertProblem("{" + REQUIRED + ", \"healthCheck\": {\"timeout\": \"PT1M\"}}",
                "agent config: healthCheck must set exactly one of command, http, reported");
        assertProblem("{" + REQUIRED
                + ", \"healthCheck\": {\"command\": [\"/bin/true\"], \"http\": \"http://127.0.0.1/\"}}",
                "agent config: healthCheck must set exactly one of command, http, reported, not command and http");
        assertProblem("{" + REQUIRED + ", \"healthCheck\": {\"http\": \"ftp://127.0.0.1/health\"}}",
                "agent config: healthCheck.http must be an absolute http(s) URL such as http://127.0.0.1:8080/health,"
                        + " not \"ftp://127.0.0.1/health\"");
        assertProblem("{" + REQUIRED + ", \"healthCheck\": {\"reported\": {}}}",
                "agent config: healthCheck.reported.file is required");
        assertProblem("{" + REQUIRED + ", \"healthCheck\": {\"reported\": \"app-health\"}}",
                "agent config: healthCheck.reported must be an object");
        for (String rate : List.of("\"fast\"", "0", "-5", "\"256 KiB\"", "\"256KiB/min\"", "\"0.5B/s\"", "true")) {
            assertProblem("{" + REQUIRED + ", \"maxDownloadRate\": " + rate + "}",
                    "agent config: maxDownloadRate must be bytes per second (at least 1), such as \"256KiB/s\"");
        }
    }

    private void assertProblem(String json, String message) {
        assertThatThrownBy(() -> load(json)).isInstanceOf(DroverException.class).hasMessageContaining(message)
                .satisfies(e -> assertThat(((DroverException) e).errorCode()).isEqualTo(ConfigReader.INVALID_CONFIG));
    }
}
