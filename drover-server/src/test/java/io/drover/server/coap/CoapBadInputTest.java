package io.drover.server.coap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.drover.server.testing.ApiClient;
import io.drover.server.testing.StoreBackend;
import io.drover.server.testing.TestServer;
import io.drover.server.testing.TestVendor;
import io.drover.suit.SignatureAlgorithm;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import org.eclipse.californium.core.coap.CoAP.Code;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.coap.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Bad input on the wire: malformed datagrams, unknown options and tokens, uploads too large or left unfinished. Each
 * gets its CoAP answer, changes nothing, and leaves no state behind.
 */
class CoapBadInputTest {
    private static final int MAX_BODY = 2048;
    private static final int CON = 0;
    private static final int ACK = 2;
    private static final int RST = 3;

    private TestServer server;
    private ApiClient admin;
    private long rolloutId;
    private String sha;
    private DatagramSocket raw;

    @BeforeEach
    void start() throws IOException {
        server = TestServer.withCoap(StoreBackend.H2, settings -> settings.withBlockwise(1024, MAX_BODY,
                Duration.ofMillis(300)));
        admin = new ApiClient(server.baseUrl(), TestServer.ADMIN_TOKEN);
        TestVendor vendor = new TestVendor(admin, SignatureAlgorithm.ED25519);
        vendor.defineClass("sensor", "app");
        vendor.register("dev-1", "sensor", "app", "1.0.0");
        byte[] image = TestVendor.randomBytes(3000, 5);
        sha = vendor.upload(image);
        rolloutId = vendor.startRollout(vendor.release("sensor", vendor.sign(1, "app", "1.1.0", image)));
        raw = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        raw.setSoTimeout(5_000);
    }

    @AfterEach
    void stop() {
        raw.close();
        server.close();
    }

    private String psk() {
        return admin.postJson("/api/v1/devices/dev-1/psk", "").json().get("key").asText();
    }

    /** A CoAP message: header (version 1, type, token length), code, message id, token, then {@code rest}. */
    private static byte[] message(int type, int code, int mid, byte[] token, byte[] rest) {
        var out = new ByteArrayOutputStream();
        out.write(0x40 | type << 4 | token.length);
        out.write(code);
        out.write(mid >> 8);
        out.write(mid & 0xff);
        out.writeBytes(token);
        out.writeBytes(rest);
        return out.toByteArray();
    }

    private static byte[] bytes(int... values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) values[i];
        }
        return bytes;
    }

    /** Uri-Path "a" then the artifact's digest: option 11, then option 11 again with an extended length. */
    private byte[] artifactPath() {
        var out = new ByteArrayOutputStream();
        out.writeBytes(bytes(0xB1, 'a', 0x0D, 64 - 13));
        out.writeBytes(sha.getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    private byte[] exchange(byte[] datagram) throws IOException {
        int port = server.coap().port().orElseThrow();
        raw.send(new DatagramPacket(datagram, datagram.length, InetAddress.getLoopbackAddress(), port));
        DatagramPacket answer = new DatagramPacket(new byte[2048], 2048);
        raw.receive(answer);
        return Arrays.copyOf(answer.getData(), answer.getLength());
    }

    private static int type(byte[] message) {
        return message[0] >> 4 & 0x3;
    }

    private static int mid(byte[] message) {
        return (message[2] & 0xff) << 8 | message[3] & 0xff;
    }

    /** The node still answers a well-formed request for the artifact's first block. */
    private void assertStillServes() throws IOException {
        byte[] answer = exchange(message(CON, 0x01, 4242, bytes(7), artifactPath()));
        assertThat(answer[1] & 0xff).isEqualTo(0x45); // 2.05 Content
        assertThat(mid(answer)).isEqualTo(4242);
    }

    @Test
    void answersAnUnknownCriticalOptionWithBadOption() throws IOException {
        // Option 25 is unassigned and, being odd, critical (RFC 7252 §5.4.1): 14 after Uri-Path (11).
        byte[] unknownOption = concat(artifactPath(), bytes(0xD0, 14 - 13));

        byte[] answer = exchange(message(CON, 0x01, 1001, bytes(1, 2), unknownOption));

        assertThat(answer[1] & 0xff).isEqualTo(0x82); // 4.02 Bad Option
        assertThat(new String(answer, StandardCharsets.UTF_8)).contains("coap.bad-option: Unknown critical option 25");
        assertThat(mid(answer)).isEqualTo(1001);
        assertStillServes();
    }

    @Test
    void answersAMessageItCannotParseWithBadOption() throws IOException {
        byte[] truncatedOption = message(CON, 0x01, 1002, bytes(3), bytes(0xBA, 'a', 'b'));
        byte[] reservedDelta = message(CON, 0x01, 1003, bytes(3), bytes(0xF1, 'a'));
        byte[] oversizedBlock2 = message(CON, 0x01, 1004, bytes(3), concat(artifactPath(), bytes(0xC4, 1, 2, 3, 4)));

        for (byte[] malformed : new byte[][] {truncatedOption, reservedDelta, oversizedBlock2}) {
            byte[] answer = exchange(malformed);
            assertThat(mid(answer)).isEqualTo(mid(malformed));
            assertThat(type(answer)).isEqualTo(ACK);
            assertThat(answer[1] & 0xff).isEqualTo(0x82); // 4.02 Bad Option
            assertThat(new String(answer, StandardCharsets.UTF_8)).contains("coap.bad-option: ");
        }
        assertStillServes();
    }

    @Test
    void ignoresARunt() throws IOException {
        int port = server.coap().port().orElseThrow();
        raw.send(new DatagramPacket(bytes(0x40, 0x01), 2, InetAddress.getLoopbackAddress(), port));

        assertStillServes(); // the next datagram the socket receives answers the request, not the runt
    }

    @Test
    void resetsAResponseWithATokenItNeverSent() throws IOException {
        byte[] stray = message(CON, 0x45, 1005, bytes(9, 9, 9, 9), bytes(0xFF, 'h', 'i'));

        byte[] answer = exchange(stray);

        assertThat(type(answer)).isEqualTo(RST);
        assertThat(mid(answer)).isEqualTo(1005);
        assertStillServes();
    }

    @Test
    void refusesABlockPastTheEndOfTheArtifact() throws IOException {
        // Block2 (23, 12 after Uri-Path): block 9 of 1024 bytes, past the end of 3000 bytes.
        byte[] block9 = message(CON, 0x01, 1006, bytes(5), concat(artifactPath(), bytes(0xC1, 9 << 4 | 6)));

        byte[] answer = exchange(block9);

        assertThat(answer[1] & 0xff).isEqualTo(0x82); // 4.02 Bad Option
        assertThat(new String(answer, StandardCharsets.UTF_8)).contains("artifact.range-not-satisfiable: ");
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] joined = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, joined, a.length, b.length);
        return joined;
    }

    private Request block1(CoapTestClient coap, int num, boolean more, Integer size1) {
        Request request = coap.request(Code.POST, "/r");
        request.getOptions().setContentFormat(MediaTypeRegistry.APPLICATION_CBOR);
        request.getOptions().setBlock1(6, more, num);
        if (size1 != null) {
            request.getOptions().setSize1(size1);
        }
        request.setPayload(new byte[1024]);
        return request;
    }

    private void assertNoReportStored() {
        assertThat(admin.get("/api/v1/rollouts/" + rolloutId + "/devices").json().size()).isZero();
        assertThat(server.coap().blockwiseTransfersPending()).isFalse();
    }

    @Test
    void refusesAnUploadAnnouncedTooLargeWithItsLimit() {
        try (CoapTestClient coap = CoapTestClient.psk(server.coap().dtlsPort().orElseThrow(), "dev-1", psk(), false)) {
            Response answer = coap.send(block1(coap, 0, true, 100_000));

            assertThat(answer.getCode()).isEqualTo(ResponseCode.REQUEST_ENTITY_TOO_LARGE);
            assertThat(answer.getOptions().getSize1()).isEqualTo(MAX_BODY);
            assertThat(answer.getPayloadString()).startsWith("coap.body-too-large: ");
        }
        assertNoReportStored();
    }

    @Test
    void refusesAnUploadThatGrowsTooLargeWithItsLimit() {
        try (CoapTestClient coap = CoapTestClient.psk(server.coap().dtlsPort().orElseThrow(), "dev-1", psk(), false)) {
            assertThat(coap.send(block1(coap, 0, true, null)).getCode()).isEqualTo(ResponseCode.CONTINUE);
            assertThat(coap.send(block1(coap, 1, true, null)).getCode()).isEqualTo(ResponseCode.CONTINUE);

            Response answer = coap.send(block1(coap, 2, true, null));

            assertThat(answer.getCode()).isEqualTo(ResponseCode.REQUEST_ENTITY_TOO_LARGE);
            assertThat(answer.getOptions().getSize1()).isEqualTo(MAX_BODY);
            assertThat(answer.getPayloadString()).startsWith("coap.body-too-large: ");
        }
        assertNoReportStored();
    }

    @Test
    void dropsAnUnfinishedUploadAfterItsLifetime() {
        try (CoapTestClient coap = CoapTestClient.psk(server.coap().dtlsPort().orElseThrow(), "dev-1", psk(), false)) {
            assertThat(coap.send(block1(coap, 0, true, null)).getCode()).isEqualTo(ResponseCode.CONTINUE);
            assertThat(server.coap().blockwiseTransfersPending()).isTrue();

            await().atMost(Duration.ofSeconds(10)).until(() -> !server.coap().blockwiseTransfersPending());

            Response late = coap.send(block1(coap, 1, false, null));
            assertThat(late.getCode()).isEqualTo(ResponseCode.REQUEST_ENTITY_INCOMPLETE);
            assertThat(late.getPayloadString()).startsWith("coap.incomplete-upload: ");
        }
        assertNoReportStored();
    }

    @Test
    void takesAReportLargerThanABlockInBlocks() {
        try (CoapTestClient coap = CoapTestClient.psk(server.coap().dtlsPort().orElseThrow(), "dev-1", psk())) {
            Request request = coap.request(Code.POST, "/r");
            request.getOptions().setContentFormat(MediaTypeRegistry.APPLICATION_CBOR);
            request.setPayload(CoapDeviceApiContract.cbor(Map.of("rolloutId", rolloutId, "status", "RETRYING",
                    "reason", "agent.download-failed: " + "x".repeat(970))));
            assertThat(request.getPayloadSize()).isGreaterThan(1024);

            assertThat(coap.send(request).getCode()).isEqualTo(ResponseCode.CHANGED);
        }
        assertThat(admin.get("/api/v1/rollouts/" + rolloutId + "/devices").json().get(0).get("status").asText())
                .isEqualTo("RETRYING");
        assertThat(server.coap().blockwiseTransfersPending()).isFalse();
    }
}
