package io.drover.cli.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.drover.agent.Agent;
import io.drover.agent.AgentConfig;
import io.drover.agent.CycleOutcome;
import io.drover.agent.health.ImageDigestHealthCheck;
import io.drover.cli.CliRun;
import io.drover.server.testing.ApiClient;
import io.drover.server.testing.StoreBackend;
import io.drover.server.testing.TestServer;
import io.drover.server.testing.TestVendor;
import io.drover.suit.SignatureAlgorithm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rollout flow as it happens (a vendor key trusted, a release uploaded, a rollout of a critical component created
 * by one person and approved by another, a real agent installing and signing its report), then the forensic question
 * "what ran on the device, who signed and who approved it", answered by the server with proofs, and checked by
 * {@code drover ledger verify} fed only an export and the ledger's public key. Runs once per store backend.
 */
abstract class ForensicsEndToEndContract {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CLASS = "lock";
    private static final String FIRMWARE = "firmware";

    @TempDir
    Path dir;

    private TestServer server;
    private ApiClient admin;
    private TestVendor vendor;
    private Path ledgerKey;

    abstract StoreBackend backend();

    @BeforeEach
    void start() throws IOException {
        server = TestServer.start(backend());
        admin = new ApiClient(server.baseUrl(), TestServer.ADMIN_TOKEN);
        vendor = new TestVendor(admin, SignatureAlgorithm.ED25519);
        var created = admin.postJson("/api/v1/classes", """
                {"name":"%s","vendorId":"%s","classId":"%s","components":["%s"],"criticality":{"%s":"critical"}}"""
                .formatted(CLASS, vendor.vendorId, vendor.classId, FIRMWARE, FIRMWARE));
        assertThat(created.status()).as(new String(created.body())).isEqualTo(201);
        vendor.trust(CLASS, vendor.key);
        // The auditor's copy of the ledger key, obtained once (here: from the server's operator, in-process).
        ledgerKey = dir.resolve("ledger.pub.pem");
        Files.writeString(ledgerKey, server.ledger().publicKey().toPem());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private String user(String name, String role) {
        var answer = admin.postJson("/api/v1/users", "{\"name\":\"" + name + "\",\"role\":\"" + role + "\"}");
        assertThat(answer.status()).as(new String(answer.body())).isEqualTo(201);
        return answer.json().get("token").asText();
    }

    private CliRun cli(String... args) {
        String[] all = new String[args.length + 4];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--server";
        all[args.length + 1] = server.baseUrl().toString();
        all[args.length + 2] = "--token";
        all[args.length + 3] = TestServer.ADMIN_TOKEN;
        return CliRun.of(all);
    }

    @Test
    void whatRanOnADeviceWhoSignedAndWhoApprovedItIsAnsweredWithProofsAnAuditorChecksOnAnExport() throws Exception {
        String olga = user("olga", "operator");
        String anna = user("anna", "approver");
        String token = vendor.register("lock-1", CLASS, FIRMWARE, "1.0.0");
        byte[] image = TestVendor.randomBytes(30_000, 7);
        vendor.upload(image);
        long release = vendor.release(CLASS, vendor.sign(1, FIRMWARE, "1.1.0", image));
        var rollout = admin.as(olga).postJson("/api/v1/rollouts", "{\"releaseId\":" + release + "}");
        assertThat(rollout.json().get("status").asText()).isEqualTo("AWAITING_APPROVAL");
        long rolloutId = rollout.json().get("id").asLong();
        assertThat(admin.as(anna).postJson("/api/v1/rollouts/" + rolloutId + "/approve", "{\"reason\":\"tested\"}")
                .status()).isEqualTo(200);
        Instant beforeInstall = Instant.now();
        try (Agent agent = Agent.builder(new AgentConfig(server.baseUrl(), token, dir.resolve("lock-1"),
                vendor.vendorId, vendor.classId, List.of(vendor.key.verificationKey()), Map.of(FIRMWARE, "1.0.0")),
                new ImageDigestHealthCheck(), Clock.systemUTC()).build()) {
            assertThat(agent.runOnce()).isInstanceOf(CycleOutcome.Installed.class);
        }

        Path answer = dir.resolve("answer.json");
        CliRun asked = cli("forensics", "device", "lock-1", "--key", ledgerKey.toString(), "--out", answer.toString());
        assertThat(asked.exitCode()).as(asked.err()).isZero();
        assertThat(asked.out()).contains("firmware 1.1.0 (sha256 " + TestVendor.sha256Hex(image) + ")")
                .contains("installed from release " + release)
                .contains("signed by key " + vendor.key.verificationKey().keyId() + ", trusted by admin")
                .contains("delivered by rollout " + rolloutId + ", created by olga")
                .contains("approved by anna")
                .contains("proven: ");
        JsonNode component = JSON.readTree(answer.toFile()).at("/components/0");
        assertThat(component.get("version").asText()).isEqualTo("1.1.0");
        assertThat(component.at("/rollout/approvals/0/by").asText()).isEqualTo("anna");

        CliRun before = cli("forensics", "device", "lock-1", "--key", ledgerKey.toString(), "--at",
                beforeInstall.toString());
        assertThat(before.exitCode()).as(before.err()).isZero();
        assertThat(before.out()).contains("the ledger holds no install report of this device up to then");

        Path export = dir.resolve("export");
        assertThat(cli("ledger", "export", "--out", export.toString()).exitCode()).isZero();
        CliRun verified = CliRun.of("ledger", "verify", export.toString(), "--key", ledgerKey.toString(), "--answer",
                answer.toString());
        assertThat(verified.exitCode()).as(verified.err()).isZero();
        assertThat(verified.out()).contains("1 device-signed install report").contains("the answer holds");

        // An answer whose entries were edited (the version they state) is refused, naming the first edited entry: the
        // release's upload, which comes before the install report.
        long releaseEntry = component.get("releaseEntry").asLong();
        assertThat(releaseEntry).isLessThan(component.get("installEntry").asLong());
        String forged = Files.readString(answer).replace("\\\"version\\\":\\\"1.1.0\\\"", "\\\"version\\\":\\\"1.0.9\\\"");
        assertThat(forged).isNotEqualTo(Files.readString(answer));
        Path forgedAnswer = dir.resolve("forged.json");
        Files.writeString(forgedAnswer, forged);
        CliRun refused = CliRun.of("ledger", "verify", export.toString(), "--key", ledgerKey.toString(), "--answer",
                forgedAnswer.toString());
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.err()).contains("the answer does not hold: entry " + releaseEntry
                + ": its inclusion proof does not verify");
    }

    @Test
    void listsTheDevicesThatRanAReleaseInAPeriod() throws Exception {
        String token = vendor.register("lock-2", CLASS, FIRMWARE, "1.0.0");
        byte[] image = TestVendor.randomBytes(10_000, 8);
        vendor.upload(image);
        long release = vendor.release(CLASS, vendor.sign(1, FIRMWARE, "1.1.0", image));
        long rolloutId = vendor.startRollout(release);
        String approver = user("anna", "approver");
        assertThat(admin.as(approver).postJson("/api/v1/rollouts/" + rolloutId + "/approve", "").status())
                .isEqualTo(200);
        try (Agent agent = Agent.builder(new AgentConfig(server.baseUrl(), token, dir.resolve("lock-2"),
                vendor.vendorId, vendor.classId, List.of(vendor.key.verificationKey()), Map.of(FIRMWARE, "1.0.0")),
                new ImageDigestHealthCheck(), Clock.systemUTC()).build()) {
            assertThat(agent.runOnce()).isInstanceOf(CycleOutcome.Installed.class);
        }
        CliRun ran = cli("forensics", "release", String.valueOf(release), "--key", ledgerKey.toString());
        assertThat(ran.exitCode()).as(ran.err()).isZero();
        assertThat(ran.out()).contains("release " + release).contains("lock-2 from ");
        CliRun none = cli("forensics", "release", String.valueOf(release), "--key", ledgerKey.toString(), "--to",
                "2020-01-01T00:00:00Z");
        assertThat(none.exitCode()).as(none.err()).isZero();
        assertThat(none.out()).doesNotContain("lock-2");
    }
}
