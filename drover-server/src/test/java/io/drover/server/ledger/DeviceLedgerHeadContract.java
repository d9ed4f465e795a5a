package io.drover.server.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.drover.ledger.MerkleProofs;
import io.drover.ledger.PublishedProof;
import io.drover.ledger.PublishedTreeHead;
import io.drover.ledger.SignedTreeHead;
import io.drover.server.testing.ApiClient;
import io.drover.server.testing.ApiClient.Answer;
import io.drover.server.testing.StoreBackend;
import io.drover.server.testing.TestLedger;
import io.drover.server.testing.TestServer;
import io.drover.server.testing.TestVendor;
import io.drover.suit.SignatureAlgorithm;
import io.drover.suit.VerificationKey;
import java.io.IOException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code GET /device/v1/ledger/head}: the latest signed head and the proof that it extends the head a device kept. */
abstract class DeviceLedgerHeadContract {
    private static final ObjectMapper JSON = new ObjectMapper();

    private TestServer server;
    private ApiClient admin;
    private ApiClient device;
    private TestLedger ledger;
    /** The entries setting up the class and device made (the signer key and the device key). */
    private long base;

    abstract StoreBackend backend();

    @BeforeEach
    void start() {
        server = TestServer.start(backend());
        admin = new ApiClient(server.baseUrl(), TestServer.ADMIN_TOKEN);
        TestVendor vendor = new TestVendor(admin, SignatureAlgorithm.ED25519);
        vendor.defineClass("sensor", "app");
        device = admin.as(vendor.register("dev-1", "sensor", "app", "1.0.0"));
        ledger = new TestLedger(server);
        base = server.ledger().latestHead().head().size();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void answersTheLatestSignedHeadWithTheProofThatItExtendsTheOneTheDeviceKept() throws IOException {
        SignedTreeHead kept = ledger.append("alice", 3);
        SignedTreeHead latest = ledger.append("bob", 4);

        JsonNode answer = device.get("/device/v1/ledger/head?since=" + (base + 3)).json();

        SignedTreeHead head = JSON.treeToValue(answer.get("head"), PublishedTreeHead.class).toSigned();
        assertThat(head).isEqualTo(latest);
        assertThat(head.verifiedBy(ledgerKey())).isTrue();
        PublishedProof proof = JSON.treeToValue(answer.get("consistency"), PublishedProof.class);
        assertThat(proof.kind()).isEqualTo(PublishedProof.CONSISTENCY);
        assertThat(kept.head().size()).isEqualTo(base + 3);
        assertThat(proof.first()).isEqualTo(base + 3);
        assertThat(proof.second()).isEqualTo(base + 7);
        assertThat(MerkleProofs.verifyConsistency(base + 3, base + 7, proof.decodedHashes(), kept.head().rootHash(),
                head.head().rootHash())).isTrue();
    }

    @Test
    void answersNoProofWithoutSinceOrForASizeTheHeadDoesNotExceed() throws IOException {
        SignedTreeHead latest = ledger.append("alice", 5);

        for (String query : new String[] {"", "?since=0", "?since=" + (base + 5), "?since=" + (base + 9)}) {
            JsonNode answer = device.get("/device/v1/ledger/head" + query).json();
            assertThat(JSON.treeToValue(answer.get("head"), PublishedTreeHead.class).toSigned()).as(query)
                    .isEqualTo(latest);
            assertThat(answer.has("consistency")).as(query).isTrue();
            assertThat(answer.get("consistency").isNull()).as(query).isTrue();
        }
    }

    @Test
    void refusesASinceThatIsNotACountAndARequestWithoutADeviceToken() {
        ledger.append("alice", 2);

        assertError(device.get("/device/v1/ledger/head?since=abc"), 400, "request.bad-parameter");
        assertError(device.get("/device/v1/ledger/head?since=-1"), 400, "request.bad-parameter");
        assertError(device.as(null).get("/device/v1/ledger/head"), 401, "auth.unauthenticated");
        assertError(admin.get("/device/v1/ledger/head"), 401, "device.unknown-credential");
        assertThat(server.ledger().latestHead().head().size()).isEqualTo(base + 2);
    }

    private VerificationKey ledgerKey() {
        return VerificationKey.fromPem(admin.get("/api/v1/ledger/key").json().get("publicKeyPem").asText());
    }

    private static void assertError(Answer answer, int status, String code) {
        assertThat(answer.status()).as(new String(answer.body())).isEqualTo(status);
        assertThat(answer.errorCode()).isEqualTo(code);
        assertThat(answer.json().path("message").asText()).isNotBlank();
    }
}
