package io.drover.server.lwm2m;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.drover.server.DroverServer;
import io.drover.server.ServerConfig;
import io.drover.server.coap.CoapServerSettings;
import io.drover.server.testing.ApiClient;
import io.drover.server.testing.StoreBackend;
import io.drover.server.testing.TestServer;
import io.drover.server.testing.TestVendor;
import io.drover.suit.SignatureAlgorithm;
import io.drover.suit.SigningKey;
import io.drover.suit.VerificationKey;
import io.drover.suit.ComponentId;
import io.drover.suit.EnvelopeVerifier;
import io.drover.suit.SuitEnvelope;
import io.drover.suit.Verification;
import io.drover.suit.processor.ComponentRef;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.eclipse.californium.core.coap.CoAP;
import org.eclipse.leshan.client.object.Security;
import org.eclipse.leshan.client.servers.LwM2mServer;
import org.eclipse.leshan.core.node.LwM2mResource;
import org.eclipse.leshan.core.request.argument.Arguments;
import org.eclipse.leshan.core.response.ExecuteResponse;
import org.eclipse.leshan.core.response.ReadResponse;
import org.eclipse.leshan.core.response.WriteResponse;

/**
 * Rollouts to real LwM2M clients (Leshan's client library, loopback UDP) through the Firmware Update object, on a
 * real server: the package pushed with Block1 and installed by drover-suit's processor on the device, results mapped
 * to reports that the rollout counts, and bad inputs that change nothing. Run on H2 and PostgreSQL.
 */
abstract class Lwm2mFirmwareUpdateContract {
    private static final String CLASS = "meter";
    private static final String FIRMWARE = "firmware";
    private static final Duration CHECK = Duration.ofMillis(200);
    private static final long PULL_ONLY = 0;
    private static final long PUSH_ONLY = 1;

    @TempDir
    Path dirs;

    private TestServer server;
    private ApiClient admin;
    private TestVendor vendor;
    private byte[] image;
    private final List<Lwm2mTestDevice> devices = new ArrayList<>();
    private final List<CoapDownload> downloads = new ArrayList<>();
    private final Map<String, SuitFirmware> installed = new HashMap<>();

    abstract StoreBackend backend();

    @BeforeEach
    void start() {
        start(Lwm2mSettings.on("127.0.0.1", 0, 0));
    }

    /** Runs the server with other LwM2M settings, for the rest of the test. */
    private void restart(Lwm2mSettings settings) {
        server.close();
        start(settings);
    }

    private void start(Lwm2mSettings settings) {
        start(config -> config.withLwm2m(settings.withCheckInterval(CHECK)));
    }

    /** Runs the server with its CoAP artifact endpoint on a free port, which LwM2M devices pull packages from. */
    private void restartWithCoap() {
        server.close();
        start(config -> config.withCoap(config.coap().withPorts(0, CoapServerSettings.OFF))
                .withLwm2m(Lwm2mSettings.on("127.0.0.1", 0, 0).withCheckInterval(CHECK)));
    }

    private void start(UnaryOperator<ServerConfig> configure) {
        server = TestServer.start(backend(), configure);
        admin = new ApiClient(server.baseUrl(), TestServer.ADMIN_TOKEN);
        vendor = new TestVendor(admin, SignatureAlgorithm.ED25519);
        vendor.defineClass(CLASS, FIRMWARE);
        image = TestVendor.randomBytes(40_000, 7);
        vendor.upload(image);
    }

    @AfterEach
    void stop() {
        devices.forEach(Lwm2mTestDevice::close);
        downloads.forEach(CoapDownload::close);
        server.close();
    }

    private long release(String version) {
        return vendor.release(CLASS, vendor.sign(1, FIRMWARE, version, image));
    }

    /** A device that trusts {@code key}, takes packages by {@code deliveryMethod}, and is not started yet. */
    private Lwm2mTestDevice device(String id, long deliveryMethod, VerificationKey key, String version) {
        return device(id, Lwm2mTestDevice.noSec(server.lwm2mPort()), deliveryMethod, key, version);
    }

    private Lwm2mTestDevice device(String id, Security lwm2mServer, long deliveryMethod, VerificationKey key,
            String version) {
        DeviceObject object3 = new DeviceObject("Acme", "M1", version);
        CoapDownload download = new CoapDownload(Duration.ofSeconds(2));
        downloads.add(download);
        SuitFirmware firmware = new SuitFirmware(dirs.resolve(id), key, vendor.vendorId, vendor.classId, object3);
        installed.put(id, firmware);
        var device = new Lwm2mTestDevice(id, lwm2mServer, object3,
                new FirmwareUpdateObject(download, firmware, List.of(0L), deliveryMethod));
        devices.add(device);
        return device;
    }

    private Lwm2mTestDevice device(String id, long deliveryMethod) {
        return device(id, deliveryMethod, vendor.key.verificationKey(), "1.0.0");
    }

    /** A started device of firmware 1.0.0 whose Firmware Update object is {@code firmware}. */
    private Lwm2mTestDevice started(String id, FirmwareUpdateObject firmware) {
        var device = new Lwm2mTestDevice(id, Lwm2mTestDevice.noSec(server.lwm2mPort()),
                new DeviceObject("Acme", "M1", "1.0.0"), firmware);
        devices.add(device);
        return device.start();
    }

    /**
     * A started device that takes pushed packages and restarts to install one: once {@code beforeRestart} returns, it
     * deregisters, installs, and registers again running what it installed.
     */
    private Lwm2mTestDevice restartingToInstall(String id, Runnable beforeRestart) {
        DeviceObject object3 = new DeviceObject("Acme", "M1", "1.0.0");
        SuitFirmware suit = new SuitFirmware(dirs.resolve(id), vendor.key.verificationKey(), vendor.vendorId,
                vendor.classId, object3);
        installed.put(id, suit);
        Lwm2mTestDevice[] device = new Lwm2mTestDevice[1];
        FirmwareUpdateObject.Install restarting = firmware -> {
            beforeRestart.run();
            device[0].reboot();
            return suit.install(firmware);
        };
        device[0] = new Lwm2mTestDevice(id, Lwm2mTestDevice.noSec(server.lwm2mPort()), object3,
                new FirmwareUpdateObject(restarting));
        devices.add(device[0]);
        return device[0].start();
    }

    private JsonNode report(long rollout, String deviceId) {
        for (JsonNode row : admin.get("/api/v1/rollouts/" + rollout + "/devices").json()) {
            if (row.get("deviceId").asText().equals(deviceId)) {
                return row;
            }
        }
        return null;
    }

    private JsonNode awaitFinal(long rollout, String deviceId) {
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            JsonNode row = report(rollout, deviceId);
            return row != null && List.of("SUCCESS", "FAILURE").contains(row.get("status").asText());
        });
        return report(rollout, deviceId);
    }

    private List<String> history(String deviceId) {
        List<String> statuses = new ArrayList<>();
        admin.get("/api/v1/devices/" + deviceId + "/history").json()
                .forEach(entry -> statuses.addFirst(entry.get("status").asText()));
        return statuses;
    }

    private JsonNode deviceRecord(String deviceId) {
        return admin.get("/api/v1/devices/" + deviceId).json();
    }

    @Test
    void pushedPackageIsInstalledAndCountedAsTheRolloutsSuccess() {
        vendor.register("meter-1", CLASS, FIRMWARE, "1.0.0");
        long rollout = vendor.startRollout(release("1.1.0"));
        Lwm2mTestDevice meter = device("meter-1", PUSH_ONLY).start();

        JsonNode row = awaitFinal(rollout, "meter-1");

        assertThat(row.get("status").asText()).as(row.toString()).isEqualTo("SUCCESS");
        assertThat(history("meter-1")).containsExactly("DOWNLOADING", "INSTALLING", "SUCCESS");
        assertThat(meter.firmware.states()).containsExactly(FirmwareUpdateObject.DOWNLOADED,
                FirmwareUpdateObject.UPDATING, FirmwareUpdateObject.IDLE);
        assertThat(meter.device.firmwareVersion()).isEqualTo("1.1.0");
        JsonNode record = deviceRecord("meter-1");
        assertThat(record.get("inventory").get(FIRMWARE).asText()).isEqualTo("1.1.0");
        assertThat(record.get("installedSequence").asLong()).isEqualTo(1);
        JsonNode status = admin.get("/api/v1/rollouts/" + rollout).json();
        assertThat(status.get("reports").get("SUCCESS").asInt()).isEqualTo(1);
    }

    @Test
    void pulledPackageIsDownloadedBlockWiseFromTheCoapEndpointAndInstalled() {
        restartWithCoap();
        vendor.register("meter-16", CLASS, FIRMWARE, "1.0.0");
        long releaseId = release("1.1.0");
        long rollout = vendor.startRollout(releaseId);
        Lwm2mTestDevice meter = device("meter-16", PULL_ONLY).start();

        JsonNode row = awaitFinal(rollout, "meter-16");

        assertThat(row.get("status").asText()).as(row.toString()).isEqualTo("SUCCESS");
        assertThat(history("meter-16")).containsExactly("DOWNLOADING", "INSTALLING", "SUCCESS");
        assertThat(meter.firmware.states()).containsExactly(FirmwareUpdateObject.DOWNLOADING,
                FirmwareUpdateObject.DOWNLOADED, FirmwareUpdateObject.UPDATING, FirmwareUpdateObject.IDLE);
        assertThat(installed.get("meter-16").content(ComponentRef.of(ComponentId.named(FIRMWARE)))).hasValue(image);
        // The package is the release's signed envelope with the image integrated, stored as an artifact.
        String uri = meter.firmware.packageUri();
        assertThat(uri).startsWith("coap://127.0.0.1:" + server.coap().port().orElseThrow() + "/a/");
        String prefix = uri.substring(uri.lastIndexOf('/') + 1);
        assertThat(prefix).hasSize(16);
        String sha = null;
        for (JsonNode artifact : admin.get("/api/v1/artifacts").json()) {
            if (artifact.get("sha256").asText().startsWith(prefix)) {
                sha = artifact.get("sha256").asText();
            }
        }
        byte[] firmwarePackage = admin.get("/api/v1/artifacts/" + sha + "/content").body();
        assertThat(TestVendor.sha256Hex(firmwarePackage)).isEqualTo(sha);
        assertThat(EnvelopeVerifier.create(List.of(vendor.key.verificationKey())).verify(firmwarePackage))
                .isInstanceOf(Verification.Verified.class);
        byte[] envelope = admin.get("/api/v1/releases/" + releaseId + "/envelope").body();
        assertThat(SuitEnvelope.decode(firmwarePackage).manifestDigest())
                .isEqualTo(SuitEnvelope.decode(envelope).manifestDigest());
        assertThat(meter.device.firmwareVersion()).isEqualTo("1.1.0");
        assertThat(deviceRecord("meter-16").get("inventory").get(FIRMWARE).asText()).isEqualTo("1.1.0");
    }

    @Test
    void nodeThatFindsItsPullUnderwayCarriesItOnRatherThanStartingOver() {
        restartWithCoap();
        vendor.register("meter-22", CLASS, FIRMWARE, "1.0.0");
        long rollout = vendor.startRollout(release("1.1.0"));
        URI coap = URI.create("coap://127.0.0.1:" + server.coap().port().orElseThrow());
        try (DroverServer other = server.anotherNode(config -> config.withLwm2m(Lwm2mSettings.on("127.0.0.1", 0,
                Lwm2mSettings.OFF).withPackageUriBase(coap).withCheckInterval(CHECK)))) {
            DeviceObject object3 = new DeviceObject("Acme", "M1", "1.0.0");
            SuitFirmware suit = new SuitFirmware(dirs.resolve("meter-22"), vendor.key.verificationKey(),
                    vendor.vendorId, vendor.classId, object3);
            CoapDownload download = new CoapDownload(Duration.ofSeconds(2));
            downloads.add(download);
            CountDownLatch moved = new CountDownLatch(1);
            FirmwareUpdateObject firmware = new FirmwareUpdateObject(download, firmwarePackage -> {
                try {
                    moved.await(); // the install goes on while the device moves to the other node
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return suit.install(firmwarePackage);
            }, List.of(0L), PULL_ONLY);
            Lwm2mTestDevice first = new Lwm2mTestDevice("meter-22", Lwm2mTestDevice.noSec(server.lwm2mPort()),
                    object3, firmware).start();
            await().atMost(Duration.ofSeconds(30)).until(() -> report(rollout, "meter-22") != null
                    && report(rollout, "meter-22").get("status").asText().equals("INSTALLING"));

            first.leave();
            Lwm2mTestDevice second = new Lwm2mTestDevice("meter-22",
                    Lwm2mTestDevice.noSec(other.lwm2m().orElseThrow().port().orElseThrow()), object3, firmware);
            devices.add(second);
            second.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> second.outcomes().contains("registered"));
            moved.countDown();

            JsonNode row = awaitFinal(rollout, "meter-22");
            assertThat(row.get("status").asText()).as(row.toString()).isEqualTo("SUCCESS");
            assertThat(firmware.states()).containsExactly(FirmwareUpdateObject.DOWNLOADING,
                    FirmwareUpdateObject.DOWNLOADED, FirmwareUpdateObject.UPDATING, FirmwareUpdateObject.IDLE);
            assertThat(firmware.executions()).isEqualTo(1);
        }
    }

    @Test
    void packageThatFailsTheDevicesIntegrityCheckIsAFailureWithTheMappedReason() {
        vendor.register("meter-2", CLASS, FIRMWARE, "1.0.0");
        long rollout = vendor.startRollout(release("1.1.0"));
        VerificationKey someoneElse = SigningKey.generate(SignatureAlgorithm.ED25519).verificationKey();
        Lwm2mTestDevice meter = device("meter-2", PUSH_ONLY, someoneElse, "1.0.0").start();

        JsonNode row = awaitFinal(rollout, "meter-2");

        assertThat(row.get("status").asText()).isEqualTo("FAILURE");
        assertThat(row.get("reason").asText()).startsWith("lwm2m.integrity-check-failure: ");
        assertThat(meter.firmware.executions()).isEqualTo(1); // a refusal is not tried again
        assertThat(meter.device.firmwareVersion()).isEqualTo("1.0.0");
        assertThat(deviceRecord("meter-2").get("inventory").get(FIRMWARE).asText()).isEqualTo("1.0.0");
        assertThat(deviceRecord("meter-2").get("installedSequence").asLong()).isZero();
    }

    @Test
    void deviceThatRebootsIntoTheNewFirmwareIsFollowedAcrossItsNewRegistration() {
        vendor.register("meter-3", CLASS, FIRMWARE, "1.0.0");
        long rollout = vendor.startRollout(release("1.1.0"));
        // It restarts once the server has its answer to Update (a report of INSTALLING says so).
        Lwm2mTestDevice meter = restartingToInstall("meter-3",
                () -> await().atMost(Duration.ofSeconds(10)).until(() -> history("meter-3").contains("INSTALLING")));

        JsonNode row = awaitFinal(rollout, "meter-3");

        assertThat(row.get("status").asText()).as(row.toString()).isEqualTo("SUCCESS");
        assertThat(installed.get("meter-3").content(ComponentRef.of(ComponentId.named(FIRMWARE)))).hasValue(image);
        // The server may take the new registration before the client has heard its answer.
        await().atMost(Duration.ofSeconds(5)).until(() -> meter.outcomes().size() >= 2);
        assertThat(meter.outcomes()).containsExactly("registered", "registered");
        assertThat(history("meter-3")).containsExactly("DOWNLOADING", "INSTALLING", "SUCCESS");
    }

    @Test
    void deviceThatRestartsWithoutAnsweringUpdateIsTakenAsInstallingAndNotSentThePackageAgain() {
        vendor.register("meter-24", CLASS, FIRMWARE, "1.0.0");
        Lwm2mTestDevice meter = restartingToInstall("meter-24", () -> {});
        await().atMost(Duration.ofSeconds(10)).until(() -> meter.outcomes().contains("registered"));
        // The client's endpoint exists once it registered; the rollout, and so the Update, starts after this.
        LostAnswers lostUpdate = new LostAnswers(CoAP.Code.POST, "5/0/2");
        meter.interceptBeforeSending(lostUpdate);
        long rollout = vendor.startRollout(release("1.1.0"));

        JsonNode row = awaitFinal(rollout, "meter-24");

        assertThat(row.get("status").asText()).as(row.toString()).isEqualTo("SUCCESS");
        assertThat(lostUpdate.count()).isEqualTo(1);
        assertThat(history("meter-24")).containsExactly("DOWNLOADING", "INSTALLING", "SUCCESS");
        // Pushed once: the device went through Downloaded once.
        assertThat(meter.firmware.states()).containsExactly(FirmwareUpdateObject.DOWNLOADED,
                FirmwareUpdateObject.UPDATING, FirmwareUpdateObject.IDLE);
        assertThat(installed.get("meter-24").content(ComponentRef.of(ComponentId.named(FIRMWARE)))).hasValue(image);
    }

    @Test
    void deviceRegisteringAfterItsRolloutStartedIsUpdatedWhenItRegisters() {
        vendor.register("meter-4", CLASS, FIRMWARE, "1.0.0");
        long rollout = vendor.startRollout(release("1.1.0"));
        assertThat(report(rollout, "meter-4")).isNull();

        device("meter-4", PUSH_ONLY).start();

        assertThat(awaitFinal(rollout, "meter-4").get("status").asText()).isEqualTo("SUCCESS");
    }

    @Test
    void packageWriteTheDeviceRefusesIsRetriedThenAFailure() {
        vendor.register("meter-5", CLASS, FIRMWARE, "1.0.0");
        long rollout = vendor.startRollout(release("1.1.0"));
        var busy = new FirmwareUpdateObject(firmware -> 1) {
            @Override
            public synchronized WriteResponse write(LwM2mServer server, boolean replace, int resource,
                    LwM2mResource value) {
                return resource == 0 ? WriteResponse.badRequest("flash busy")
                        : super.write(server, replace, resource, value);
            }
        };
        started("meter-5", busy);

        JsonNode row = awaitFinal(rollout, "meter-5");

        assertThat(row.get("status").asText()).isEqualTo("FAILURE");
        assertThat(row.get("reason").asText()).isEqualTo("lwm2m.request-failed: the device answered "
                + "BAD_REQUEST(400) to the Package request: flash busy; 3 attempts in a row");
        assertThat(history("meter-5")).containsExactly("DOWNLOADING", "RETRYING", "DOWNLOADING", "RETRYING",
                "DOWNLOADING", "FAILURE");
        assertThat(busy.states()).isEmpty();
        assertThat(deviceRecord("meter-5").get("inventory").get(FIRMWARE).asText()).isEqualTo("1.0.0");
    }

    @Test
    void failedInstallIsAFailureWithTheMappedReason() {
        vendor.register("meter-13", CLASS, FIRMWARE, "1.0.0");
        long rollout = vendor.startRollout(release("1.1.0"));
        var failing = new FirmwareUpdateObject(firmware -> 8);
        started("meter-13", failing);

        JsonNode row = awaitFinal(rollout, "meter-13");

        assertThat(row.get("status").asText()).isEqualTo("FAILURE");
        assertThat(row.get("reason").asText()).isEqualTo("lwm2m.update-failed: the device's Update Result is 8 "
                + "(update failed)");
        assertThat(history("meter-13")).containsExactly("DOWNLOADING", "INSTALLING", "FAILURE");
    }

    @Test
    void deviceThatTakesUpdateButNeverLeavesDownloadedIsRetriedThenAFailure() {
        vendor.register("meter-25", CLASS, FIRMWARE, "1.0.0");
        long rollout = vendor.startRollout(release("1.1.0"));
        var idle = new FirmwareUpdateObject(firmware -> 1) {
            @Override
            public synchronized ExecuteResponse execute(LwM2mServer lwm2mServer, int resource, Arguments arguments) {
                return ExecuteResponse.success(); // answers Update, and keeps the package where it is
            }
        };
        started("meter-25", idle);

        JsonNode row = awaitFinal(rollout, "meter-25");

        assertThat(row.get("status").asText()).isEqualTo("FAILURE");
        assertThat(row.get("reason").asText()).isEqualTo("lwm2m.no-progress: the device shows no sign of the update "
                + "after 4 checks; 3 attempts in a row");
        assertThat(history("meter-25")).containsExactly("DOWNLOADING", "INSTALLING", "RETRYING", "DOWNLOADING",
                "INSTALLING", "RETRYING", "DOWNLOADING", "INSTALLING", "FAILURE");
        assertThat(deviceRecord("meter-25").get("inventory").get(FIRMWARE).asText()).isEqualTo("1.0.0");
    }

    @Test
    void pullThatLosesItsConnectionIsRetriedThenAFailure() {
        restart(Lwm2mSettings.on("127.0.0.1", 0, 0).withPackageUriBase(URI.create("coap://127.0.0.1:9")));
        vendor.register("meter-14", CLASS, FIRMWARE, "1.0.0");
        long rollout = vendor.startRollout(release("1.1.0"));
        Lwm2mTestDevice meter = device("meter-14", PULL_ONLY).start();

        JsonNode row = awaitFinal(rollout, "meter-14");

        assertThat(row.get("status").asText()).isEqualTo("FAILURE");
        assertThat(row.get("reason").asText()).startsWith("lwm2m.connection-lost: ").endsWith("; 3 attempts in a row");
        assertThat(history("meter-14")).containsExactly("DOWNLOADING", "RETRYING", "DOWNLOADING", "RETRYING",
                "DOWNLOADING", "FAILURE");
        assertThat(meter.firmware.executions()).isZero();
    }

    @Test
    void deviceThatTakesNoPackageDroverCanDeliverFailsWithTheReason() {
        vendor.register("meter-6", CLASS, FIRMWARE, "1.0.0");
        long rollout = vendor.startRollout(release("1.1.0"));
        Lwm2mTestDevice meter = device("meter-6", PULL_ONLY).start();

        JsonNode row = awaitFinal(rollout, "meter-6");

        assertThat(row.get("status").asText()).isEqualTo("FAILURE");
        assertThat(row.get("reason").asText()).startsWith("lwm2m.no-delivery-method: ");
        assertThat(meter.firmware.states()).isEmpty();
    }

    @Test
    void rolloutSafetyConditionsHoldTheDeviceBackUntilTheyHold() {
        vendor.register("meter-7", CLASS, FIRMWARE, "1.0.0");
        long releaseId = release("1.1.0");
        var created = admin.postJson("/api/v1/rollouts", "{\"releaseId\":" + releaseId
                + ",\"safety\":{\"attributes\":{\"model\":\"M2\"}}}");
        assertThat(created.status()).isEqualTo(201);
        long rollout = created.json().get("id").asLong();
        Lwm2mTestDevice meter = device("meter-7", PUSH_ONLY).start();

        await().atMost(Duration.ofSeconds(30)).until(() -> report(rollout, "meter-7") != null);
        await().pollDelay(CHECK.multipliedBy(3)).atMost(Duration.ofSeconds(5)).until(() -> true);

        JsonNode row = report(rollout, "meter-7");
        assertThat(row.get("status").asText()).isEqualTo("WAITING");
        assertThat(row.get("reason").asText()).isEqualTo("attribute model is M1, needs M2");
        assertThat(history("meter-7")).containsExactly("WAITING"); // once, not at every check
        assertThat(meter.firmware.states()).isEmpty();
    }

    @Test
    void deviceWithAnIdentityKeyIsNotDrivenSinceItCannotSignItsReports() {
        String pem = SigningKey.generate(SignatureAlgorithm.ED25519).verificationKey().toPem();
        var registered = admin.postJson("/api/v1/devices", "{\"id\":\"meter-15\",\"className\":\"" + CLASS
                + "\",\"inventory\":{\"" + FIRMWARE + "\":\"1.0.0\"},\"identityKeyPem\":"
                + new com.fasterxml.jackson.databind.ObjectMapper().valueToTree(pem) + "}");
        assertThat(registered.status()).as(new String(registered.body())).isEqualTo(201);
        long rollout = vendor.startRollout(release("1.1.0"));
        Lwm2mTestDevice meter = device("meter-15", PUSH_ONLY).start();
        await().atMost(Duration.ofSeconds(30)).until(() -> meter.outcomes().contains("registered"));
        await().pollDelay(CHECK.multipliedBy(5)).atMost(Duration.ofSeconds(5)).until(() -> true);

        assertThat(report(rollout, "meter-15")).isNull();
        assertThat(meter.firmware.states()).isEmpty();
    }

    @Test
    void versionTheDeviceObjectStatesReachesTheInventory() {
        vendor.register("meter-8", CLASS, FIRMWARE, "0.9.0");
        device("meter-8", PUSH_ONLY, vendor.key.verificationKey(), "1.0.3").start();

        await().atMost(Duration.ofSeconds(30)).until(() -> "1.0.3".equals(
                deviceRecord("meter-8").get("inventory").path(FIRMWARE).asText()));
        JsonNode traits = admin.get("/api/v1/devices/meter-8/traits").json();
        assertThat(traits.get("attributes").get("manufacturer").asText()).isEqualTo("Acme");
        assertThat(traits.get("attributes").get("model").asText()).isEqualTo("M1");
        assertThat(traits.get("attributes").get("firmware_version").asText()).isEqualTo("1.0.3");
        await().atMost(Duration.ofSeconds(5)).until(() -> !deviceRecord("meter-8").get("lastSeenAt").isNull());
    }

    /** Issues the device a PSK through the management API: its identity and key. */
    private String[] issuePsk(String deviceId) {
        var issued = admin.postJson("/api/v1/devices/" + deviceId + "/psk", "{}");
        assertThat(issued.status()).as(new String(issued.body())).isEqualTo(201);
        return new String[] {issued.json().get("identity").asText(), issued.json().get("key").asText()};
    }

    @Test
    void deviceWithAPskRegistersOverDtlsAndIsUpdated() {
        vendor.register("meter-20", CLASS, FIRMWARE, "1.0.0");
        String[] psk = issuePsk("meter-20");
        long rollout = vendor.startRollout(release("1.1.0"));
        Lwm2mTestDevice meter = device("meter-20", Lwm2mTestDevice.psk(server.lwm2mDtlsPort(), psk[0], psk[1]),
                PUSH_ONLY, vendor.key.verificationKey(), "1.0.0").start();

        JsonNode row = awaitFinal(rollout, "meter-20");

        assertThat(row.get("status").asText()).as(row.toString()).isEqualTo("SUCCESS");
        assertThat(meter.outcomes().getFirst()).isEqualTo("registered");
        assertThat(deviceRecord("meter-20").get("inventory").get(FIRMWARE).asText()).isEqualTo("1.1.0");
    }

    @Test
    void deviceWithAPskIsRefusedWithoutDtlsAndWithAnotherKey() {
        vendor.register("meter-21", CLASS, FIRMWARE, "1.0.0");
        String[] psk = issuePsk("meter-21");
        long rollout = vendor.startRollout(release("1.1.0"));
        Lwm2mTestDevice plain = device("meter-21", PUSH_ONLY).start();
        await().atMost(Duration.ofSeconds(30)).until(() -> !plain.outcomes().isEmpty());
        assertThat(plain.outcomes().getFirst()).isEqualTo("refused FORBIDDEN(403)");
        plain.close();
        devices.remove(plain);

        String otherKey = psk[1].substring(1) + (psk[1].charAt(0) == 'A' ? 'B' : 'A');
        Lwm2mTestDevice forged = device("meter-21", Lwm2mTestDevice.psk(server.lwm2mDtlsPort(), psk[0], otherKey),
                PUSH_ONLY, vendor.key.verificationKey(), "6.6.6").start();
        await().atMost(Duration.ofSeconds(60)).until(() -> !forged.outcomes().isEmpty());

        assertThat(forged.outcomes()).doesNotContain("registered");
        assertThat(report(rollout, "meter-21")).isNull();
        assertThat(deviceRecord("meter-21").get("inventory").get(FIRMWARE).asText()).isEqualTo("1.0.0");
        assertThat(deviceRecord("meter-21").get("lastSeenAt").isNull()).isTrue();
        assertThat(plain.firmware.states()).isEmpty();
        assertThat(forged.firmware.states()).isEmpty();
    }

    @Test
    void clientThatIsNoDroverDeviceIsRefused() {
        Lwm2mTestDevice stranger = device("stranger", PUSH_ONLY).start();

        await().atMost(Duration.ofSeconds(30)).until(() -> !stranger.outcomes().isEmpty());

        assertThat(stranger.outcomes().getFirst()).isEqualTo("refused FORBIDDEN(403)");
        assertThat(admin.get("/api/v1/devices/stranger").status()).isEqualTo(404);
        assertThat(stranger.firmware.states()).isEmpty();
    }

    @Test
    void revokedDeviceIsRefusedAndChangesNothing() {
        vendor.register("meter-9", CLASS, FIRMWARE, "1.0.0");
        assertThat(admin.postJson("/api/v1/devices/meter-9/revoke", "{}").status()).isEqualTo(204);
        vendor.startRollout(release("1.1.0"));
        Lwm2mTestDevice meter = device("meter-9", PUSH_ONLY, vendor.key.verificationKey(), "1.0.7").start();

        await().atMost(Duration.ofSeconds(30)).until(() -> !meter.outcomes().isEmpty());

        assertThat(meter.outcomes().getFirst()).isEqualTo("refused FORBIDDEN(403)");
        assertThat(deviceRecord("meter-9").get("inventory").get(FIRMWARE).asText()).isEqualTo("1.0.0");
        assertThat(deviceRecord("meter-9").get("lastSeenAt").isNull()).isTrue();
        assertThat(history("meter-9")).isEmpty();
        assertThat(meter.firmware.states()).isEmpty();
    }

    @Test
    void deviceRevokedWhileRegisteredIsShutOut() {
        vendor.register("meter-10", CLASS, FIRMWARE, "1.0.0");
        Lwm2mTestDevice meter = device("meter-10", PUSH_ONLY).start();
        await().atMost(Duration.ofSeconds(30)).until(() -> meter.outcomes().contains("registered"));

        assertThat(admin.postJson("/api/v1/devices/meter-10/revoke", "{}").status()).isEqualTo(204);
        long rollout = vendor.startRollout(release("1.1.0"));
        meter.updateRegistration();

        await().atMost(Duration.ofSeconds(30)).until(() -> meter.outcomes().stream()
                .anyMatch(o -> o.startsWith("refused") || o.startsWith("update refused")));
        assertThat(report(rollout, "meter-10")).isNull();
        assertThat(meter.firmware.states()).isEmpty();
    }

    @Test
    void firmwareObjectStatingUndefinedValuesChangesNothing() {
        vendor.register("meter-11", CLASS, FIRMWARE, "1.0.0");
        long rollout = vendor.startRollout(release("1.1.0"));
        DeviceObject object3 = new DeviceObject("Acme", "M1", "1.0.0");
        var confused = new FirmwareUpdateObject(firmware -> 1) {
            @Override
            public synchronized ReadResponse read(LwM2mServer server, int resource) {
                return resource == 3 ? ReadResponse.success(resource, 42L) : super.read(server, resource);
            }
        };
        Lwm2mTestDevice meter = new Lwm2mTestDevice("meter-11", Lwm2mTestDevice.noSec(server.lwm2mPort()), object3,
                confused);
        devices.add(meter);
        meter.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> meter.outcomes().contains("registered"));
        await().pollDelay(CHECK.multipliedBy(5)).atMost(Duration.ofSeconds(5)).until(() -> true);

        assertThat(report(rollout, "meter-11")).isNull();
        assertThat(confused.states()).isEmpty();
        assertThat(deviceRecord("meter-11").get("inventory").get(FIRMWARE).asText()).isEqualTo("1.0.0");
    }

    @Test
    void firmwareVersionDroverCannotKeepChangesNothing() {
        vendor.register("meter-12", CLASS, FIRMWARE, "1.0.0");
        Lwm2mTestDevice meter = device("meter-12", PUSH_ONLY, vendor.key.verificationKey(), "9".repeat(300)).start();
        await().atMost(Duration.ofSeconds(30)).until(() -> meter.outcomes().contains("registered"));
        await().pollDelay(CHECK.multipliedBy(3)).atMost(Duration.ofSeconds(5)).until(() -> true);

        assertThat(deviceRecord("meter-12").get("inventory").get(FIRMWARE).asText()).isEqualTo("1.0.0");
        assertThat(admin.get("/api/v1/devices/meter-12/traits").json().get("attributes").isEmpty()).isTrue();
    }
}
