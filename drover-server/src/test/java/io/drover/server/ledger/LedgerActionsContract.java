package io.drover.server.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.drover.server.testing.ApiClient;
import io.drover.server.testing.StoreBackend;
import io.drover.server.testing.TestServer;
import io.drover.server.testing.TestVendor;
import io.drover.suit.SignatureAlgorithm;
import io.drover.suit.SigningKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every management action lands in the ledger with the user who did it, in the order done; a refused action leaves
 * nothing. Runs once per store backend.
 */
abstract class LedgerActionsContract {
    private static final ObjectMapper JSON = new ObjectMapper();

    private TestServer server;
    private ApiClient admin;

    abstract StoreBackend backend();

    @BeforeEach
    void start() {
        server = TestServer.start(backend());
        admin = new ApiClient(server.baseUrl(), TestServer.ADMIN_TOKEN);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private record Logged(String kind, String actor, String about) {}

    private List<Logged> entries() {
        server.ledger().latestHead();
        String lines = new String(admin.get("/api/v1/ledger/entries?limit=1000").body(), StandardCharsets.UTF_8);
        List<Logged> logged = new ArrayList<>();
        for (String line : lines.split("\n")) {
            try {
                JsonNode entry = JSON.readTree(line);
                JsonNode details = entry.path("details");
                String about = entry.has("deviceId") ? entry.get("deviceId").asText()
                        : details.has("user") ? details.get("user").asText()
                        : details.has("keyId") ? details.get("keyId").asText()
                        : details.path("className").asText();
                logged.add(new Logged(entry.get("kind").asText(), entry.get("actor").asText(), about));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return logged;
    }

    @Test
    void everyActionIsRecordedWithItsActor() {
        String olga = admin.postJson("/api/v1/users", "{\"name\":\"olga\",\"role\":\"operator\"}").json()
                .get("token").asText();
        ApiClient operator = admin.as(olga);
        TestVendor vendor = new TestVendor(operator, SignatureAlgorithm.ED25519);
        assertThat(operator.postJson("/api/v1/classes", """
                {"name":"meter","vendorId":"%s","classId":"%s","components":["app"]}"""
                .formatted(vendor.vendorId, vendor.classId)).status()).isEqualTo(201);
        String keyId = admin.postJson("/api/v1/classes/meter/signers", "{\"publicKeyPem\":\"" + SigningKey
                .generate(SignatureAlgorithm.ED25519).verificationKey().toPem().replace("\n", "\\n") + "\"}").json()
                .get("keyId").asText();
        vendor.register("m-1", "meter", "app", "1.0.0");
        assertThat(operator.putJson("/api/v1/classes/meter/compatibility", "{\"rules\":[],\"allowed\":[{\"app\":\"1.0\"}]}")
                .status()).isEqualTo(200);
        assertThat(operator.putJson("/api/v1/devices/m-1/identity", "{\"publicKeyPem\":\"" + SigningKey
                .generate(SignatureAlgorithm.ED25519).verificationKey().toPem().replace("\n", "\\n") + "\"}")
                .status()).isEqualTo(200);
        assertThat(operator.delete("/api/v1/devices/m-1/identity").status()).isEqualTo(204);
        assertThat(operator.postJson("/api/v1/devices/m-1/revoke", "").status()).isEqualTo(204);
        assertThat(admin.delete("/api/v1/classes/meter/signers/" + keyId).status()).isEqualTo(204);
        assertThat(admin.postJson("/api/v1/users/olga/revoke", "").status()).isEqualTo(204);
        // Refused: nothing recorded.
        assertThat(admin.postJson("/api/v1/users/nobody/revoke", "").status()).isEqualTo(404);
        assertThat(admin.delete("/api/v1/classes/meter/signers/" + keyId).status()).isEqualTo(404);

        assertThat(entries()).containsExactly(
                new Logged("user.created", "admin", "olga"),
                new Logged("class.defined", "olga", "meter"),
                new Logged("signer-key.registered", "admin", keyId),
                new Logged("device.registered", "olga", "m-1"),
                new Logged("compatibility.changed", "olga", "meter"),
                new Logged("device.key-recorded", "olga", "m-1"),
                new Logged("device.key-cleared", "olga", "m-1"),
                new Logged("device.revoked", "olga", "m-1"),
                new Logged("signer-key.revoked", "admin", keyId),
                new Logged("user.revoked", "admin", "olga"));
    }
}
