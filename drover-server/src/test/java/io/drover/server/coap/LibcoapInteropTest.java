package io.drover.server.coap;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.drover.server.testing.ApiClient;
import io.drover.server.testing.StoreBackend;
import io.drover.server.testing.TestServer;
import io.drover.server.testing.TestVendor;
import io.drover.suit.SignatureAlgorithm;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Interoperability with another CoAP implementation: Debian's libcoap client downloads an artifact block-wise from
 * Drover, over plain UDP and over DTLS with a PSK Drover issued, and gets it byte for byte; over DTLS it checks in.
 */
class LibcoapInteropTest {
    private static final byte[] IMAGE = TestVendor.randomBytes(200_000, 11);

    @TempDir
    Path dir;

    private TestServer server;
    private ApiClient admin;
    private String sha;

    @BeforeEach
    void start() {
        server = TestServer.withCoap(StoreBackend.H2, settings -> settings);
        admin = new ApiClient(server.baseUrl(), TestServer.ADMIN_TOKEN);
        TestVendor vendor = new TestVendor(admin, SignatureAlgorithm.ED25519);
        vendor.defineClass("sensor", "app");
        vendor.register("dev-1", "sensor", "app", "1.0.0");
        sha = vendor.upload(IMAGE);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private String psk() {
        return admin.postJson("/api/v1/devices/dev-1/psk", "").json().get("key").asText();
    }

    @ParameterizedTest
    @ValueSource(ints = {1024, 64})
    void downloadsAnArtifactBlockWiseOverPlainUdp(int blockSize) {
        Path client = Libcoap.client("notls");
        Path out = dir.resolve("image-" + blockSize);

        Libcoap.Run run = Libcoap.run(client, "-m", "get", "-b", String.valueOf(blockSize), "-B", "30",
                "-o", out.toString(), "coap://127.0.0.1:" + server.coap().port().orElseThrow() + "/a/" + sha);

        assertThat(run.exit()).as(run.output()).isZero();
        assertThat(Libcoap.output(out)).as(run.output()).hasValue(IMAGE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"openssl", "gnutls"})
    void downloadsAnArtifactBlockWiseOverDtlsWithAnIssuedPsk(String tls) {
        Path client = Libcoap.client(tls);
        Path out = dir.resolve("image-" + tls);

        Libcoap.Run run = Libcoap.run(client, "-m", "get", "-b", "1024", "-B", "30", "-u", "dev-1", "-k", psk(),
                "-o", out.toString(), "coaps://127.0.0.1:" + server.coap().dtlsPort().orElseThrow() + "/a/"
                        + sha.substring(0, 16));

        assertThat(run.exit()).as(run.output()).isZero();
        assertThat(Libcoap.output(out)).as(run.output()).hasValue(IMAGE);
    }

    @Test
    void checksInOverDtls() throws IOException {
        Path client = Libcoap.client("openssl");
        Path out = dir.resolve("checkin.cbor");

        Libcoap.Run run = Libcoap.run(client, "-m", "get", "-B", "30", "-u", "dev-1", "-k", psk(), "-o",
                out.toString(), "coaps://127.0.0.1:" + server.coap().dtlsPort().orElseThrow() + "/c");

        assertThat(run.exit()).as(run.output()).isZero();
        JsonNode checkIn = CoapDeviceApiContract.CBOR.readTree(Libcoap.output(out).orElseThrow());
        assertThat(checkIn.get("deviceId").asText()).isEqualTo("dev-1");
    }
}
