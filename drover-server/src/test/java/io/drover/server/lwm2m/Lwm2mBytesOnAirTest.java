package io.drover.server.lwm2m;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.drover.server.coap.CoapServerSettings;
import io.drover.server.testing.ApiClient;
import io.drover.server.testing.StoreBackend;
import io.drover.server.testing.TestServer;
import io.drover.server.testing.TestVendor;
import io.drover.suit.SignatureAlgorithm;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one LwM2M firmware update costs on the air: every CoAP message the device sends and receives from the start of
 * the rollout to its SUCCESS (reads, writes, notifications, Update, and every block), against the package it installs.
 * At 1024-byte blocks the protocol adds at most 5 % to the package, pushed or pulled (docs/BENCHMARKS.md).
 */
class Lwm2mBytesOnAirTest {
    private static final Logger LOG = LoggerFactory.getLogger(Lwm2mBytesOnAirTest.class);
    private static final String CLASS = "meter";
    private static final String FIRMWARE = "firmware";
    private static final int IMAGE_BYTES = 256 * 1024;

    @TempDir
    Path dir;

    private TestServer server;
    private ApiClient admin;
    private TestVendor vendor;
    private CoapDownload download;
    private Lwm2mTestDevice meter;

    @BeforeEach
    void start() {
        server = TestServer.start(StoreBackend.H2, config -> config.withCoap(config.coap().withPorts(0, CoapServerSettings.OFF))
                .withLwm2m(Lwm2mSettings.on("127.0.0.1", 0, Lwm2mSettings.OFF).withCheckInterval(Duration.ofSeconds(1))));
        admin = new ApiClient(server.baseUrl(), TestServer.ADMIN_TOKEN);
        vendor = new TestVendor(admin, SignatureAlgorithm.ED25519);
        vendor.defineClass(CLASS, FIRMWARE);
        vendor.register("meter-1", CLASS, FIRMWARE, "1.0.0");
        download = new CoapDownload(Duration.ofSeconds(20));
    }

    @AfterEach
    void stop() {
        meter.close();
        download.close();
        server.close();
    }

    @Test
    void pushedUpdateCostsAtMostFivePercentAbovePackage() {
        assertThat(overhead(1)).isLessThanOrEqualTo(0.05);
    }

    @Test
    void pulledUpdateCostsAtMostFivePercentAbovePackage() {
        assertThat(overhead(0)).isLessThanOrEqualTo(0.05);
    }

    /** Bytes on the air beyond the package, as a share of it, for one update by {@code deliveryMethod}. */
    private double overhead(long deliveryMethod) {
        byte[] image = TestVendor.randomBytes(IMAGE_BYTES, 3);
        vendor.upload(image);
        long release = vendor.release(CLASS, vendor.sign(1, FIRMWARE, "1.1.0", image));
        DeviceObject object3 = new DeviceObject("Acme", "M1", "1.0.0");
        SuitFirmware suit = new SuitFirmware(dir, vendor.key.verificationKey(), vendor.vendorId, vendor.classId,
                object3);
        meter = new Lwm2mTestDevice("meter-1", Lwm2mTestDevice.noSec(server.lwm2mPort()), object3,
                new FirmwareUpdateObject(download, suit, List.of(0L), deliveryMethod)).start();
        await().atMost(Duration.ofSeconds(30)).until(() -> meter.outcomes().contains("registered")
                && !admin.get("/api/v1/devices/meter-1/traits").json().get("attributes").isEmpty());

        ByteCount air = new ByteCount();
        meter.intercept(air);
        download.intercept(air);
        long rollout = vendor.startRollout(release);
        await().atMost(Duration.ofSeconds(120)).until(() -> "SUCCESS".equals(status(rollout)));

        long packageBytes = packageBytes(image.length);
        double overhead = (double) (air.bytes() - packageBytes) / packageBytes;
        LOG.info("LwM2M {} of a {}-byte image: package {} bytes, {} CoAP messages with {} bytes, overhead {}",
                deliveryMethod == 0 ? "pull" : "push", image.length, packageBytes, air.messages(), air.bytes(),
                String.format("%.2f %%", overhead * 100));
        assertThat(air.unserialized()).isZero();
        return overhead;
    }

    private String status(long rollout) {
        JsonNode rows = admin.get("/api/v1/rollouts/" + rollout + "/devices").json();
        return rows.isEmpty() ? null : rows.get(0).get("status").asText();
    }

    /** The package's size: the one artifact besides the image, which the server made. */
    private long packageBytes(long imageBytes) {
        for (JsonNode artifact : admin.get("/api/v1/artifacts").json()) {
            if (artifact.get("size").asLong() != imageBytes) {
                return artifact.get("size").asLong();
            }
        }
        throw new AssertionError("no package was stored");
    }
}
