package io.drover.cli.sim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.drover.cli.CliRun;
import io.drover.server.testing.ApiClient;
import io.drover.server.testing.ApiClient.Answer;
import io.drover.server.testing.StoreBackend;
import io.drover.server.testing.TestServer;
import io.drover.server.testing.TestVendor;
import io.drover.suit.SecretKeyAccess;
import io.drover.suit.SignatureAlgorithm;
import io.drover.suit.encryption.GroupKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code drover rollout rehearse} against a real server: the rollout's release, exactly as the vendor signed it, runs
 * on emulated devices of a sandbox server of its own, and the real server judges the result.
 */
class RehearseRolloutTest {
    private static final String CLASS = "kiln";
    private static final String APP = "app";
    private static final int DEVICES = 20;

    @TempDir
    Path dir;

    private TestServer server;
    private ApiClient admin;
    private TestVendor vendor;
    private long releaseId;
    /** The real fleet: one device, to see when the rollout assigns. */
    private String deviceToken;

    @BeforeEach
    void start() {
        server = TestServer.start(StoreBackend.H2);
        admin = new ApiClient(server.baseUrl(), TestServer.ADMIN_TOKEN);
        vendor = new TestVendor(admin, SignatureAlgorithm.ED25519);
        vendor.defineClass(CLASS, APP);
        deviceToken = vendor.register("kiln-01", CLASS, APP, "1.0");
        byte[] image = TestVendor.randomBytes(20_000, 3);
        vendor.upload(image);
        releaseId = vendor.release(CLASS, vendor.sign(1, APP, "1.1", image));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aReleaseThatInstallsEverywherePassesAndStartsWaveOne() {
        CliRun create = CliRun.of("rollout", "create", "--release", Long.toString(releaseId), "--rehearsal-devices",
                Integer.toString(DEVICES), "--server", server.baseUrl().toString(), "--admin-token",
                TestServer.ADMIN_TOKEN);
        assertThat(create.exitCode()).as(create.err()).isZero();
        long id = Long.parseLong(create.out().lines().findFirst().orElseThrow().replaceAll("\\D", ""));
        assertThat(create.out()).contains("status:  AWAITING_REHEARSAL in wave 1 of 1",
                "rehearse: rehearsal on 20 devices, at most 0% not updated; none yet");

        CliRun run = rehearse(id, "--fault-rate", "0.1", "--data-dir", dir.resolve("sandbox").toString());

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("rehearsal passed: 20 of 20 devices updated", "rollout " + id + " is RUNNING");
        JsonNode rollout = admin.get("/api/v1/rollouts/" + id).json();
        assertThat(rollout.at("/status").asText()).isEqualTo("RUNNING");
        JsonNode last = rollout.at("/lastRehearsal");
        assertThat(last.at("/verdict/passed").asBoolean()).isTrue();
        assertThat(last.at("/result/releaseId").asLong()).isEqualTo(releaseId);
        assertThat(last.at("/result/devices").asInt()).isEqualTo(DEVICES);
        assertThat(last.at("/result/mismatches")).isEmpty();
        assertThat(last.at("/result/faults").properties()).as("the faults the devices had").isNotEmpty();
        assertThat(admin.rolloutEventActions(id)).containsExactly("created", "rehearsal passed");

        // Wave 1 started: the real fleet's device is assigned the release.
        server.rolloutController().pass();
        assertThat(admin.as(deviceToken).get("/device/v1/checkin").json().at("/assignment/rolloutId").asLong())
                .isEqualTo(id);
    }

    @Test
    void aReleaseThatFailsItsHealthCheckIsHeldBackUnstarted() {
        long id = createRequiringRehearsal(releaseId);
        CliRun run = rehearse(id, "--unhealthy");

        assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(RehearseRollout.FAILED);
        assertThat(run.out()).contains("rehearsal failed: 20 of 20 devices did not end on the release (20 rolled back",
                "rollout " + id + " is AWAITING_REHEARSAL");
        JsonNode rollout = admin.get("/api/v1/rollouts/" + id).json();
        assertThat(rollout.at("/status").asText()).isEqualTo("AWAITING_REHEARSAL");
        assertThat(rollout.at("/lastRehearsal/result/failureReasons/agent.health-check-failed").asInt())
                .isEqualTo(DEVICES);
        assertThat(admin.rolloutEventActions(id)).containsExactly("created", "rehearsal failed");
        server.rolloutController().pass();
        assertThat(admin.as(deviceToken).get("/device/v1/checkin").json().at("/assignment").isNull()).isTrue();
    }

    @Test
    void anEncryptedReleaseIsRehearsedWithTheFleetsGroupKeyHeldByTheEmulatedDevices() throws IOException {
        GroupKey fleetKey = GroupKey.generate(GroupKey.Algorithm.A128KW, new SecureRandom());
        long id = createRequiringRehearsal(encryptedRelease(fleetKey));

        CliRun run = rehearse(id, "--group-key", keyFile("fleet", fleetKey).toString());

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("rehearsal passed: 20 of 20 devices updated", "rollout " + id + " is RUNNING");
        assertThat(admin.rolloutEventActions(id)).containsExactly("created", "rehearsal passed");
    }

    @Test
    void refusesAnEncryptedReleaseWithoutItsGroupKeyAndARolloutWithNothingToRehearse() throws IOException {
        GroupKey fleetKey = GroupKey.generate(GroupKey.Algorithm.A128KW, new SecureRandom());
        long id = createRequiringRehearsal(encryptedRelease(fleetKey));
        CliRun run = rehearse(id);
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("has encrypted components", "give the fleet's group key with --group-key");

        GroupKey otherKey = GroupKey.generate(GroupKey.Algorithm.A128KW, new SecureRandom());
        CliRun wrongKey = rehearse(id, "--group-key", keyFile("other", otherKey).toString());
        assertThat(wrongKey.exitCode()).isEqualTo(1);
        assertThat(wrongKey.err()).contains("does not decrypt with the group key(s) given");
        assertThat(admin.rolloutEventActions(id)).as("a refusal records no rehearsal").containsExactly("created");
        assertThat(admin.get("/api/v1/rollouts/" + id).json().at("/status").asText()).isEqualTo("AWAITING_REHEARSAL");

        long plain = vendor.startRollout(releaseId);
        CliRun nothing = rehearse(plain);
        assertThat(nothing.exitCode()).isEqualTo(1);
        assertThat(nothing.err()).contains("rollout " + plain + " is RUNNING and requires no rehearsal",
                "[rollout.not-awaiting-rehearsal]");
    }

    private long encryptedRelease(GroupKey key) {
        TestVendor.EncryptedRelease encrypted = vendor.signEncrypted(2, APP, "1.2", TestVendor.randomBytes(1000, 4),
                key);
        vendor.upload(encrypted.ciphertext());
        return vendor.release(CLASS, encrypted.envelope());
    }

    private Path keyFile(String name, GroupKey key) throws IOException {
        return Files.writeString(dir.resolve(name + ".group.pem"), key.toPem(SecretKeyAccess.get()));
    }

    private long createRequiringRehearsal(long release) {
        Answer created = admin.postJson("/api/v1/rollouts",
                "{\"releaseId\":%d,\"rehearsal\":{\"devices\":%d}}".formatted(release, DEVICES));
        assertThat(created.status()).as(new String(created.body())).isEqualTo(201);
        return created.json().get("id").asLong();
    }

    private CliRun rehearse(long id, String... options) {
        List<String> args = new ArrayList<>(List.of("rollout", "rehearse", Long.toString(id), "--server",
                server.baseUrl().toString(), "--admin-token", TestServer.ADMIN_TOKEN, "--timeout", "PT60S"));
        args.addAll(List.of(options));
        CliRun run = CliRun.of(args.toArray(String[]::new));
        System.out.println(run.out()); // into the test's report: the rehearsal's progress and summary
        return run;
    }
}
