package io.drover.sim.coap;

import static org.assertj.core.api.Assertions.assertThat;

import io.drover.agent.coap.PreSharedKey;
import io.drover.server.testing.ApiClient;
import io.drover.server.testing.TestServer;
import io.drover.suit.SecretKeyAccess;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/** A running test server's DTLS side, as the CoAP end-to-end tests reach it: its address and the PSKs it issues. */
record ServerDtls(TestServer server, ApiClient admin) {
    /** The PSK the server issues for {@code deviceId} (its id is its PSK identity). */
    PreSharedKey psk(String deviceId) {
        var issued = admin.postJson("/api/v1/devices/" + deviceId + "/psk", "{}");
        assertThat(issued.status()).as(new String(issued.body())).isEqualTo(201);
        return PreSharedKey.create(issued.json().get("identity").asText(),
                issued.json().get("key").asText().getBytes(StandardCharsets.US_ASCII), SecretKeyAccess.get());
    }

    URI url() {
        return URI.create("coaps://127.0.0.1:" + port());
    }

    int port() {
        return server.coap().dtlsPort().orElseThrow();
    }
}
