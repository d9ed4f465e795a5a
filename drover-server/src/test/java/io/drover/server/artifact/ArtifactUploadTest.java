package io.drover.server.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.drover.server.testing.ApiClient;
import io.drover.server.testing.StoreBackend;
import io.drover.server.testing.TestServer;
import io.drover.server.testing.TestVendor;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Uploads that must fail cleanly: too large (declared or streamed), broken off halfway, or with a taken prefix. */
class ArtifactUploadTest {
    static final int LIMIT = 64 * 1024;

    TestServer server;
    ApiClient admin;

    @BeforeEach
    void start() {
        server = TestServer.start(StoreBackend.H2, LIMIT);
        admin = new ApiClient(server.baseUrl(), TestServer.ADMIN_TOKEN);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void refusesAnUploadDeclaredOverTheLimit() throws IOException {
        byte[] big = TestVendor.randomBytes(LIMIT + 1, 1);
        var answer = admin.put("/api/v1/artifacts/" + TestVendor.sha256Hex(big), BodyPublishers.ofByteArray(big));
        assertThat(answer.status()).isEqualTo(413);
        assertThat(answer.errorCode()).isEqualTo("artifact.too-large");
        assertNothingStored();
    }

    @Test
    void aClientWaitingToSendTheBodyIsRefusedWithoutBeingAskedForIt() throws IOException {
        // A client that sends "Expect: 100-continue" holds the body back until the server asks for it. Asked, then
        // refused, a client still sending when the server closes the connection misses the refusal.
        String sha = TestVendor.sha256Hex(TestVendor.randomBytes(LIMIT + 1, 5));
        try (Socket socket = new Socket("127.0.0.1", server.baseUrl().getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("PUT /api/v1/artifacts/" + sha + " HTTP/1.1\r\n"
                    + "Host: 127.0.0.1\r\nAuthorization: Bearer " + TestServer.ADMIN_TOKEN + "\r\n"
                    + "Content-Type: application/octet-stream\r\nContent-Length: " + (LIMIT + 1) + "\r\n"
                    + "Expect: 100-continue\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            assertThat(answer).startsWith("HTTP/1.1 413 ").doesNotContain("100 Continue").contains("artifact.too-large");
        }
        assertNothingStored();
    }

    @Test
    void refusesAStreamedUploadThatGrowsOverTheLimit() throws IOException {
        byte[] big = TestVendor.randomBytes(LIMIT * 2, 2);
        // No Content-Length: the body is chunked, so only counting while streaming can catch it.
        var answer = admin.put("/api/v1/artifacts/" + TestVendor.sha256Hex(big),
                BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big)));
        assertThat(answer.status()).isEqualTo(413);
        assertThat(answer.errorCode()).isEqualTo("artifact.too-large");
        assertNothingStored();
    }

    @Test
    void anUploadBrokenOffHalfwayLeavesNothingBehind() throws IOException {
        byte[] whole = TestVendor.randomBytes(LIMIT / 2, 3);
        try (Socket socket = new Socket("127.0.0.1", server.baseUrl().getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(("PUT /api/v1/artifacts/" + TestVendor.sha256Hex(whole) + " HTTP/1.1\r\n"
                    + "Host: 127.0.0.1\r\nAuthorization: Bearer " + TestServer.ADMIN_TOKEN + "\r\n"
                    + "Content-Type: application/octet-stream\r\nContent-Length: " + whole.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(whole, 0, 1000);
            out.flush();
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(files(server.dataDir().resolve("blobs"))).isEmpty());
        assertThat(admin.get("/api/v1/artifacts").json().size()).isZero();
    }

    @Test
    void refusesBytesWhoseDigestStartsLikeAStoredArtifactsUnread() throws IOException {
        byte[] bytes = TestVendor.randomBytes(1000, 4);
        String sha = TestVendor.sha256Hex(bytes);
        // 64-bit prefix collisions happen only by design: stand one in with a catalogue row of another digest.
        String twin = sha.substring(0, 16) + "0".repeat(48);
        server.withDatabase(h -> h.execute("INSERT INTO artifact (sha256, size_bytes, created_at) "
                + "VALUES (?, 1, CURRENT_TIMESTAMP)", twin));

        var answer = admin.put("/api/v1/artifacts/" + sha, BodyPublishers.ofByteArray(bytes));

        assertThat(answer.status()).isEqualTo(409);
        assertThat(answer.errorCode()).isEqualTo("artifact.prefix-taken");
        assertThat(files(server.dataDir().resolve("blobs"))).isEmpty();
        assertThat(admin.get("/api/v1/artifacts").json().findValuesAsText("sha256")).containsExactly(twin);
    }

    private void assertNothingStored() throws IOException {
        assertThat(files(server.dataDir().resolve("blobs"))).isEmpty();
        assertThat(admin.get("/api/v1/artifacts").json().size()).isZero();
    }

    private static List<Path> files(Path dir) throws IOException {
        try (var walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).toList();
        }
    }
}
