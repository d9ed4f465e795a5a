package io.drover.server.coap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drover.server.testing.ApiClient;
import io.drover.server.testing.StoreBackend;
import io.drover.server.testing.TestServer;
import io.drover.server.testing.TestVendor;
import io.drover.suit.SignatureAlgorithm;
import io.drover.suit.SigningKey;
import java.security.PublicKey;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.Response;
import org.eclipse.californium.elements.DtlsEndpointContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/**
 * Who may open a DTLS session: a device with its raw public key (its identity key on record, Ed25519 or P-256) or
 * with the PSK issued last; anything else fails the handshake and records nothing.
 */
abstract class CoapDtlsContract {
    private TestServer server;
    private ApiClient admin;
    private TestVendor vendor;
    private long ledgerSize;

    abstract StoreBackend backend();

    @BeforeEach
    void start() {
        server = TestServer.withCoap(backend(), settings -> settings);
        admin = new ApiClient(server.baseUrl(), TestServer.ADMIN_TOKEN);
        vendor = new TestVendor(admin, SignatureAlgorithm.ED25519);
        vendor.defineClass("sensor", "app");
        vendor.register("dev-1", "sensor", "app", "1.0.0");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private int port() {
        return server.coap().dtlsPort().orElseThrow();
    }

    private PublicKey serverKey() {
        return server.coap().serverKey().orElseThrow().publicKey();
    }

    private void provision(String deviceId, SigningKey key) {
        ApiClient.Answer answer = admin.putJson("/api/v1/devices/" + deviceId + "/identity",
                "{\"publicKeyPem\":\"" + key.verificationKey().toPem().replace("\n", "\\n") + "\"}");
        assertThat(answer.status()).as(new String(answer.body())).isEqualTo(200);
    }

    private String issuePsk(String deviceId) {
        return admin.postJson("/api/v1/devices/" + deviceId + "/psk", "").json().get("key").asText();
    }

    private void noteLedger() {
        ledgerSize = server.ledger().latestHead().head().size();
    }

    private void assertNothingRecorded() {
        assertThat(server.ledger().latestHead().head().size()).isEqualTo(ledgerSize);
        assertThat(admin.get("/api/v1/devices/dev-1/history").json().size()).isZero();
        assertThat(admin.get("/api/v1/devices/dev-1/traits").json().get("attributes").size()).isZero();
    }

    @ParameterizedTest
    @EnumSource(SignatureAlgorithm.class)
    void aDeviceAuthenticatesWithItsIdentityKeyAsARawPublicKey(SignatureAlgorithm algorithm) {
        SigningKey key = SigningKey.generate(algorithm);
        provision("dev-1", key);

        try (CoapTestClient device = CoapTestClient.rawPublicKey(port(), key, serverKey())) {
            Response checkIn = device.get("/c");

            assertThat(checkIn.getCode()).isEqualTo(ResponseCode.CONTENT);
            assertThat(CoapDeviceApiContract.cbor(checkIn).get("deviceId").asText()).isEqualTo("dev-1");
        }
    }

    @Test
    void aKeyNoDeviceHoldsFailsTheHandshakeAndRecordsNothing() {
        provision("dev-1", SigningKey.generate(SignatureAlgorithm.ED25519));
        noteLedger();

        try (CoapTestClient stranger = CoapTestClient.rawPublicKey(port(),
                SigningKey.generate(SignatureAlgorithm.ED25519), serverKey())) {
            assertThatThrownBy(() -> stranger.get("/c")).isInstanceOf(IllegalStateException.class);
        }
        assertNothingRecorded();
    }

    @Test
    void aClearedIdentityKeyEndsTheSessionsMadeWithIt() {
        SigningKey key = SigningKey.generate(SignatureAlgorithm.ED25519);
        provision("dev-1", key);
        try (CoapTestClient device = CoapTestClient.rawPublicKey(port(), key, serverKey())) {
            assertThat(device.get("/c").getCode()).isEqualTo(ResponseCode.CONTENT);

            admin.delete("/api/v1/devices/dev-1/identity");

            Response refused = device.get("/c");
            assertThat(refused.getCode()).isEqualTo(ResponseCode.UNAUTHORIZED);
            assertThat(refused.getPayloadString()).startsWith("device.unknown-credential: ");
        }
    }

    @Test
    void aWrongPskOrIdentityFailsTheHandshakeAndRecordsNothing() {
        String key = issuePsk("dev-1");
        vendor.register("dev-2", "sensor", "app", "1.0.0"); // never issued a PSK
        noteLedger();

        for (String[] credential : new String[][] {{"dev-1", key.substring(1) + "x"}, {"dev-9", key},
                {"dev-2", key}}) {
            try (CoapTestClient device = CoapTestClient.psk(port(), credential[0], credential[1])) {
                assertThatThrownBy(() -> device.get("/c")).as(credential[0]).isInstanceOf(IllegalStateException.class);
            }
        }
        assertNothingRecorded();
    }

    @Test
    void sessionsUseTheServersConnectionId() {
        try (CoapTestClient device = CoapTestClient.psk(port(), "dev-1", issuePsk("dev-1"))) {
            Response checkIn = device.get("/c");

            assertThat(checkIn.getSourceContext().get(DtlsEndpointContext.KEY_WRITE_CONNECTION_ID).length())
                    .isEqualTo(4);
        }
    }
}
