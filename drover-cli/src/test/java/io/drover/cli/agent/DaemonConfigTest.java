package io.drover.cli.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drover.error.DroverException;
import io.drover.suit.SignatureAlgorithm;
import io.drover.suit.SigningKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DaemonConfigTest {
    private static final String REQUIRED = """
            "serverUrl": "https://updates.example.com", "deviceToken": "t0k3n",
            "vendorId": "3f1b3c2e-7c1e-4a55-9a3a-0a1b2c3d4e5f", "classId": "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d",
            "trustedKeys": ["vendor.pub.pem"], "dataDir": "data\"""";

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
                           "windows": [{"days": ["SATURDAY"], "start": "22:00", "length": "PT4H"}],
                           "attributes": {"in_depot": true}, "minBatteryPercent": 30,
                           "command": ["/usr/bin/idle"], "force": true},
                "healthCheck": {"command": ["/usr/bin/selftest", "--quick"]}}""");

        assertThat(config.agent().dataDir()).isEqualTo(dir.resolve("data"));
        assertThat(config.pollInterval()).isEqualTo(Duration.ofSeconds(45));
        assertThat(config.identityAlgorithm()).isEqualTo(SignatureAlgorithm.ES256);
        assertThat(config.safety().zone()).isEqualTo(ZoneId.of("Europe/Berlin"));
        assertThat(config.safety().attributesFile()).contains(dir.resolve("attrs.properties"));
        assertThat(config.safety().attributes()).containsEntry("in_depot", "true");
        assertThat(config.safety().policy(java.time.Clock.systemUTC()).conditions()).hasSize(4);
        assertThat(config.safety().force()).isTrue();
        assertThat(config.healthCommand()).hasValueSatisfying(
                health -> assertThat(health.command()).containsExactly("/usr/bin/selftest", "--quick"));
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
        assertProblem("{" + REQUIRED + ", \"safety\": {\"windows\": [{\"days\": [\"SAT\"], \"start\": \"22:00\","
                + " \"length\": \"PT1H\"}]}}", "agent config: safety.windows[0].days must name days such as MONDAY, not SAT");
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
    }

    private void assertProblem(String json, String message) {
        assertThatThrownBy(() -> load(json)).isInstanceOf(DroverException.class).hasMessageContaining(message)
                .satisfies(e -> assertThat(((DroverException) e).errorCode()).isEqualTo(ConfigReader.INVALID_CONFIG));
    }
}
