package io.drover.cli.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.drover.agent.UpdateStep;
import io.drover.agent.slot.SlotId;
import io.drover.agent.state.AgentState;
import io.drover.server.testing.ApiClient;
import io.drover.server.testing.StoreBackend;
import io.drover.server.testing.TestServer;
import io.drover.server.testing.TestVendor;
import io.drover.suit.SecretKeyAccess;
import io.drover.suit.SignatureAlgorithm;
import io.drover.suit.encryption.GroupKey;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Power-loss safety (issue 4): the agent daemon, a real child JVM, is killed with SIGKILL at each step of an update
 * ({@code --pause-at} holds it there), checked on disk, and restarted (a new JVM, which knows only what is on disk).
 * The device must always have a bootable slot holding one release whole, never a mixture, and end on the new release
 * or the old one, with the server's report saying which.
 *
 * <p>One server and one rollout serve every device: a release of a class of three components, of which {@code app}
 * changes (plaintext, large enough that a kill mid-download leaves a partial image), {@code model} changes (encrypted
 * for the fleet's group key, so it is decrypted into the slot in a pass of its own) and {@code boot} does not (it is
 * copied into the new slot). Devices run three at a time (see junit-platform.properties), while other test classes
 * wait.
 *
 * <p>The factory {@code app} is also an earlier release of the class, and the new one an edit of it, so a device that
 * reported running the factory images ({@link Base#REPORTED}) is offered a delta for {@code app} and passes
 * PATCHING; the others download the full image.
 */
class PowerLossTest {
    private static final String CLASS = "locomotive";
    private static final List<String> COMPONENTS = List.of("app", "model", "boot");
    private static final Map<String, byte[]> FACTORY_IMAGES = Map.of(
            "app", TestVendor.randomBytes(1_500_000, 1),
            "model", TestVendor.randomBytes(30_000, 2),
            "boot", TestVendor.randomBytes(20_000, 3));
    private static final byte[] NEW_APP = edited(FACTORY_IMAGES.get("app"));
    private static final byte[] NEW_MODEL = TestVendor.randomBytes(300_000, 5);
    private static final long NEW_SEQUENCE = 2;
    private static final Map<String, String> OLD_INVENTORY = Map.of("app", "1.0.0", "model", "1.0.0", "boot", "1.0.0");
    private static final Map<String, String> NEW_INVENTORY = Map.of("app", "1.1.0", "model", "1.1.0", "boot", "1.0.0");
    private static final Map<String, String> OLD_IMAGES = new TreeMap<>(Map.of(
            "app", TestVendor.sha256Hex(FACTORY_IMAGES.get("app")),
            "model", TestVendor.sha256Hex(FACTORY_IMAGES.get("model")),
            "boot", TestVendor.sha256Hex(FACTORY_IMAGES.get("boot"))));
    private static final Map<String, String> NEW_IMAGES = new TreeMap<>(Map.of(
            "app", TestVendor.sha256Hex(NEW_APP),
            "model", TestVendor.sha256Hex(NEW_MODEL),
            "boot", TestVendor.sha256Hex(FACTORY_IMAGES.get("boot"))));

    @TempDir
    static Path dir;
    private static TestServer server;
    private static ApiClient admin;
    private static TestVendor vendor;
    /** The release of the factory {@code app} (sequence 1), the base of the deltas; and its rollout. */
    private static long baseRolloutId;
    /** The new release (sequence 2) and its rollout. */
    private static long releaseId;
    private static long rolloutId;
    private final List<DaemonDevice> devices = new ArrayList<>();

    /** What the device's own health check says of the new release. */
    enum Health { PASSES, FAILS }

    /** Whether the device reported its factory images to the server (so it is offered a delta) before it starts. */
    enum Base { UNREPORTED, REPORTED }

    @BeforeAll
    static void rollOutARelease() throws IOException {
        server = TestServer.start(StoreBackend.H2);
        admin = new ApiClient(server.baseUrl(), TestServer.ADMIN_TOKEN);
        vendor = new TestVendor(admin, SignatureAlgorithm.ED25519);
        vendor.defineClass(CLASS, COMPONENTS.toArray(String[]::new));
        GroupKey fleetKey = GroupKey.generate(GroupKey.Algorithm.A128KW, new SecureRandom());
        Files.writeString(dir.resolve("vendor.pub.pem"), vendor.key.verificationKey().toPem());
        Files.writeString(dir.resolve("fleet.key.pem"), fleetKey.toPem(SecretKeyAccess.get()));
        TestVendor.EncryptedImage model = TestVendor.encryptedImage("model", "1.1.0", NEW_MODEL, fleetKey);
        vendor.upload(FACTORY_IMAGES.get("app"));
        baseRolloutId = vendor.startRollout(vendor.release(CLASS,
                vendor.sign(1, List.of(TestVendor.image("app", "1.0.0", FACTORY_IMAGES.get("app"))))));
        vendor.upload(NEW_APP);
        vendor.upload(model.ciphertext());
        releaseId = vendor.release(CLASS, vendor.sign(NEW_SEQUENCE, List.of(TestVendor.image("app", "1.1.0", NEW_APP),
                model.spec())));
        rolloutId = vendor.startRollout(releaseId);
        // The server makes the delta from the factory app once, when a device on it first checks in: made here, so
        // that devices reporting the factory images are offered it at once.
        ApiClient onBase = admin.as(reportBase(vendor.register("dev-delta-maker", CLASS, "app", "1.0.0")));
        await().atMost(Duration.ofMinutes(1)).until(() -> onBase.get("/device/v1/checkin").json()
                .at("/assignment/artifacts").findValues("delta").stream().anyMatch(JsonNode::isObject));
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @AfterEach
    void killLeftovers() {
        devices.forEach(DaemonDevice::close);
    }

    static Stream<Arguments> killPoints() {
        Stream<Arguments> passing = Stream.of(UpdateStep.values()).filter(step -> step != UpdateStep.ROLLED_BACK)
                .map(step -> Arguments.of(step, Health.PASSES));
        Stream<Arguments> failing = Stream.of(UpdateStep.HEALTH_CHECKING, UpdateStep.ROLLED_BACK, UpdateStep.REPORTED)
                .map(step -> Arguments.of(step, Health.FAILS));
        return Stream.concat(passing, failing);
    }

    @Execution(ExecutionMode.CONCURRENT)
    @ParameterizedTest(name = "killed at {0}, health check {1}")
    @MethodSource("killPoints")
    void aDaemonKilledAtAStepRestartsAndEndsOnOneReleaseWholeAsTheServerReports(UpdateStep step, Health health)
            throws Exception {
        DaemonDevice device = register("dev-" + step.name().toLowerCase() + "-" + health.name().toLowerCase(), health,
                step == UpdateStep.PATCHING ? Base.REPORTED : Base.UNREPORTED);

        Process first = device.start(Optional.of(step));
        device.awaitPausedAt(step);
        DaemonDevice.kill(first);

        assertBootable(device);
        assertLeftAsTheStepSays(device, step, health);
        Process restarted = device.start(Optional.empty());
        device.awaitJudged(releaseId);
        device.stop(restarted);
        assertEndedAndReported(device, health);
    }

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void oneUpdateKilledAtEveryStepInARowStillEndsInstalled() throws Exception {
        DaemonDevice device = register("dev-every-step", Health.PASSES, Base.REPORTED);
        // In the order this update takes them (a healthy release never rolls back): components go in manifest order,
        // so app's delta is applied before model is decrypted.
        List<UpdateStep> steps = List.of(UpdateStep.VERIFIED, UpdateStep.DOWNLOADING, UpdateStep.PATCHING,
                UpdateStep.DECRYPTING, UpdateStep.SLOT_COMPLETE, UpdateStep.SWAPPED, UpdateStep.HEALTH_CHECKING,
                UpdateStep.COMMITTED, UpdateStep.REPORTED);
        for (UpdateStep step : steps) {
            Process daemon = device.start(Optional.of(step));
            device.awaitPausedAt(step);
            DaemonDevice.kill(daemon);
            assertBootable(device);
        }
        Process last = device.start(Optional.empty());
        device.awaitJudged(releaseId);
        device.stop(last);
        assertEndedAndReported(device, Health.PASSES);
    }

    /**
     * Kills at seeded random moments, between the steps too: each a random delay after one of six random steps, taken
     * in the update's order so that each kill lands further into the same update. A trial already cut short twice is
     * let through to its verdict before the next kill, as the agent rolls back a trial cut short more often
     * (AgentTrialTest covers those limits).
     */
    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void killsAtSeededRandomMomentsNeverLeaveTheDeviceWithoutOneWholeRelease() throws Exception {
        DaemonDevice device = register("dev-chaos", Health.PASSES, Base.REPORTED);
        record Moment(UpdateStep after, long delayMillis) {}
        SplittableRandom random = new SplittableRandom(20261128);
        List<UpdateStep> steps = new ArrayList<>(Stream.of(UpdateStep.values())
                .filter(step -> step != UpdateStep.ROLLED_BACK).toList());
        Collections.shuffle(steps, random);
        List<Moment> moments = steps.subList(0, 6).stream().sorted()
                .map(step -> new Moment(step, random.nextLong(0, 50))).toList();
        for (Moment moment : moments) {
            boolean spareTheTrial = device.state().map(AgentState::trial)
                    .map(trial -> trial.healthChecksStarted() >= 2 || trial.boots() >= 2).orElse(false);
            device.forgetStatus();
            Process daemon = device.start(Optional.empty());
            if (spareTheTrial) {
                device.awaitJudged(releaseId);
            }
            device.awaitStepOrJudged(moment.after(), releaseId);
            Thread.sleep(moment.delayMillis()); // The moment of the power cut is the point, not a wait.
            DaemonDevice.kill(daemon);
            assertBootable(device);
        }
        Process last = device.start(Optional.empty());
        device.awaitJudged(releaseId);
        device.stop(last);
        assertEndedAndReported(device, Health.PASSES);
    }

    private DaemonDevice register(String id, Health health, Base base) throws IOException {
        String token = vendor.register(id, CLASS, "app", "1.0.0");
        if (base == Base.REPORTED) {
            reportBase(token);
        }
        Path folder = Files.createDirectories(dir.resolve(id));
        Path dataDir = folder.resolve("data");
        Path slotA = Files.createDirectories(dataDir.resolve("slots").resolve(SlotId.A.name()));
        for (var image : FACTORY_IMAGES.entrySet()) {
            Files.write(slotA.resolve(image.getKey() + ".img"), image.getValue());
        }
        String healthCheck = switch (health) {
            case PASSES -> "";
            case FAILS -> """
                    , "healthCheck": {"command": ["sh", "-c", "echo the app does not answer; exit 3"]}""";
        };
        Path config = folder.resolve("agent.json");
        Files.writeString(config, """
                {
                  "serverUrl": "%s", "deviceToken": "%s", "vendorId": "%s", "classId": "%s",
                  "trustedKeys": ["%s"], "groupKeys": ["%s"],
                  "dataDir": "data",
                  "factoryInventory": {"app": "1.0.0", "model": "1.0.0", "boot": "1.0.0"},
                  "pollInterval": "PT0.2S"%s
                }""".formatted(server.baseUrl(), token, vendor.vendorId, vendor.classId,
                dir.resolve("vendor.pub.pem"), dir.resolve("fleet.key.pem"), healthCheck));
        DaemonDevice device = new DaemonDevice(id, config, dataDir);
        devices.add(device);
        return device;
    }

    /**
     * What a boot loader would find: the active slot holds one release whole and the state names it; a slot on trial
     * holds the new release whole.
     */
    private static void assertBootable(DaemonDevice device) throws IOException {
        AgentState state = device.state().orElseGet(() -> AgentState.factory(OLD_INVENTORY));
        Map<String, String> active = device.imagesIn(state.activeSlot());
        assertThat(active).as("%s: images of active slot %s", device.id, state.activeSlot())
                .isIn(OLD_IMAGES, NEW_IMAGES);
        boolean onNew = active.equals(NEW_IMAGES);
        assertThat(state.inventory()).as(device.id).isEqualTo(onNew ? NEW_INVENTORY : OLD_INVENTORY);
        assertThat(state.installedSequence()).as(device.id).isEqualTo(onNew ? NEW_SEQUENCE : 0);
        if (state.trial() != null) {
            assertThat(device.imagesIn(state.trial().slot())).as("%s: slot on trial", device.id).isEqualTo(NEW_IMAGES);
            assertThat(state.trial().inventory()).isEqualTo(NEW_INVENTORY);
        }
    }

    /** What a kill at {@code step} leaves behind, as {@link UpdateStep} describes it. */
    private static void assertLeftAsTheStepSays(DaemonDevice device, UpdateStep step, Health health)
            throws IOException {
        Optional<AgentState> state = device.state();
        switch (step) {
            case VERIFIED -> assertThat(device.imagesIn(SlotId.B)).as("nothing written yet").isEmpty();
            case DOWNLOADING -> assertThat(device.partialSize(SlotId.B, "app", NEW_IMAGES.get("app")))
                    .hasValueSatisfying(size -> assertThat(size).isPositive().isLessThan(NEW_APP.length));
            case DECRYPTING -> assertThat(device.partialSize(SlotId.B, "model", NEW_IMAGES.get("model")))
                    .hasValueSatisfying(size -> assertThat(size).isPositive().isLessThan(NEW_MODEL.length));
            case PATCHING -> {
                assertThat(device.imagesIn(SlotId.B).get("app")).as("app not yet made")
                        .isNotEqualTo(NEW_IMAGES.get("app"));
                assertThat(state.map(AgentState::trial)).as("not swapped yet").isEmpty();
            }
            case SLOT_COMPLETE -> {
                assertThat(device.imagesIn(SlotId.B)).isEqualTo(NEW_IMAGES);
                assertThat(state.map(AgentState::trial)).as("not swapped yet").isEmpty();
            }
            case SWAPPED, HEALTH_CHECKING -> assertThat(state).hasValueSatisfying(s -> {
                assertThat(s.activeSlot()).isEqualTo(SlotId.A);
                assertThat(s.trial().healthChecksStarted()).isEqualTo(step == UpdateStep.SWAPPED ? 0 : 1);
            });
            case COMMITTED, ROLLED_BACK -> assertThat(state).hasValueSatisfying(s -> {
                assertThat(s.activeSlot()).isEqualTo(step == UpdateStep.COMMITTED ? SlotId.B : SlotId.A);
                assertThat(s.pendingReport()).as("report saved, not yet sent").isNotNull();
                assertThat(serverReport(device).path("status").asText()).isEqualTo("INSTALLING");
            });
            case REPORTED -> {
                assertThat(state).hasValueSatisfying(s -> assertThat(s.pendingReport()).isNotNull());
                assertThat(serverReport(device).path("status").asText())
                        .isEqualTo(health == Health.PASSES ? "SUCCESS" : "FAILURE");
            }
        }
    }

    /** The device runs the release its health check allows, whole, and the server says so. */
    private static void assertEndedAndReported(DaemonDevice device, Health health) throws IOException {
        AgentState state = device.state().orElseThrow();
        JsonNode report = serverReport(device);
        JsonNode serverView = admin.get("/api/v1/devices/" + device.id).json();
        Map<String, String> serverInventory = new TreeMap<>();
        serverView.path("inventory").properties().forEach(e -> serverInventory.put(e.getKey(), e.getValue().asText()));
        switch (health) {
            case PASSES -> {
                assertThat(state.activeSlot()).isEqualTo(SlotId.B);
                assertThat(device.imagesIn(SlotId.B)).isEqualTo(NEW_IMAGES);
                assertThat(report.path("status").asText()).isEqualTo("SUCCESS");
                assertThat(serverInventory).isEqualTo(NEW_INVENTORY);
                assertThat(serverView.path("installedSequence").asLong()).isEqualTo(NEW_SEQUENCE);
            }
            case FAILS -> {
                assertThat(state.activeSlot()).isEqualTo(SlotId.A);
                assertThat(device.imagesIn(SlotId.A)).isEqualTo(OLD_IMAGES);
                assertThat(report.path("status").asText()).isEqualTo("FAILURE");
                assertThat(report.path("reason").asText())
                        .isEqualTo("agent.health-check-failed: the app does not answer");
                assertThat(serverInventory).isEqualTo(OLD_INVENTORY);
                assertThat(serverView.path("installedSequence").asLong()).isZero();
            }
        }
        assertThat(state.inventory()).isEqualTo(serverInventory);
    }

    /**
     * Reports, as the device of {@code token}, that it installed the base release with the factory images and their
     * digests (what an agent reports after an update); the token.
     */
    private static String reportBase(String token) {
        var report = admin.as(token).postJson("/device/v1/reports", """
                {"rolloutId":%d,"status":"SUCCESS","inventory":{"app":"1.0.0","model":"1.0.0","boot":"1.0.0"},
                 "digests":{"app":"%s","model":"%s","boot":"%s"}}""".formatted(baseRolloutId, OLD_IMAGES.get("app"),
                OLD_IMAGES.get("model"), OLD_IMAGES.get("boot")));
        assertThat(report.status()).as(new String(report.body())).isEqualTo(204);
        return token;
    }

    /** The next build of {@code base}: 64 new bytes a tenth of the way in, so everything after moves; a new tail. */
    private static byte[] edited(byte[] base) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int cut = base.length / 10;
        out.write(base, 0, cut);
        out.writeBytes(TestVendor.randomBytes(64, 40));
        out.write(base, cut, base.length - cut);
        out.writeBytes(TestVendor.randomBytes(1_000, 41));
        return out.toByteArray();
    }

    /** The server's latest report of {@code device} on the rollout; a missing node before any. */
    private static JsonNode serverReport(DaemonDevice device) {
        JsonNode reports = admin.get("/api/v1/rollouts/" + rolloutId + "/devices?limit=500").json();
        return StreamSupport.stream(reports.spliterator(), false)
                .filter(r -> r.path("deviceId").asText().equals(device.id)).findFirst()
                .orElse(reports.path("missing"));
    }
}
