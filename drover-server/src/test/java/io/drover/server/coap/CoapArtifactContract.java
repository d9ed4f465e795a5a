package io.drover.server.coap;

import static org.assertj.core.api.Assertions.assertThat;

import io.drover.server.testing.ApiClient;
import io.drover.server.testing.StoreBackend;
import io.drover.server.testing.TestServer;
import io.drover.server.testing.TestVendor;
import io.drover.suit.SignatureAlgorithm;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.eclipse.californium.core.coap.CoAP.Code;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.coap.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /a/{sha256}} on the plain UDP port: block-wise download, any block directly, short names, refusals
 * ({@code GET /e/{sha256}}, also served there, is in {@link CoapDeviceApiContract}).
 */
abstract class CoapArtifactContract {
    private static final int SIZE = 100_000; // 98 blocks of 1024 bytes, the last one partial

    private TestServer server;
    private CoapTestClient coap;
    /** Sees every block as sent, for asking blocks one at a time. */
    private CoapTestClient blockwise;
    private byte[] bytes;
    private String sha;

    abstract StoreBackend backend();

    @BeforeEach
    void start() {
        server = TestServer.withCoap(backend(), settings -> settings.withBlockwise(512, 
                CoapServerSettings.DEFAULT_MAX_BODY_BYTES, CoapServerSettings.DEFAULT_BLOCKWISE_LIFETIME));
        TestVendor vendor = new TestVendor(new ApiClient(server.baseUrl(), TestServer.ADMIN_TOKEN),
                SignatureAlgorithm.ED25519);
        bytes = TestVendor.randomBytes(SIZE, 7);
        sha = vendor.upload(bytes);
        coap = CoapTestClient.plain(server.coap().port().orElseThrow());
        blockwise = CoapTestClient.plain(server.coap().port().orElseThrow(), false);
    }

    @AfterEach
    void stop() {
        coap.close();
        blockwise.close();
        server.close();
    }

    @Test
    void downloadsAWholeArtifactBlockByBlock() {
        Response response = coap.get("/a/" + sha);

        assertThat(response.getCode()).isEqualTo(ResponseCode.CONTENT);
        assertThat(response.getPayload()).isEqualTo(bytes);
        assertThat(response.getOptions().getContentFormat()).isEqualTo(MediaTypeRegistry.APPLICATION_OCTET_STREAM);
    }

    @Test
    void servesAnyBlockDirectlyAtTheSizeTheDeviceAsks() {
        for (int szx : new int[] {0, 2, 4, 5}) {
            int blockSize = 16 << szx;
            int last = (SIZE - 1) / blockSize;
            for (int num : new int[] {0, 1, last / 2, last - 1, last}) {
                Response block = block(szx, num);

                assertThat(block.getCode()).isEqualTo(ResponseCode.CONTENT);
                int from = num * blockSize;
                assertThat(block.getPayload()).as("szx %d block %d", szx, num)
                        .isEqualTo(Arrays.copyOfRange(bytes, from, Math.min(SIZE, from + blockSize)));
                assertThat(block.getOptions().getBlock2().getSzx()).isEqualTo(szx);
                assertThat(block.getOptions().getBlock2().getNum()).isEqualTo(num);
                assertThat(block.getOptions().getBlock2().isM()).isEqualTo(num < last);
            }
        }
        assertThat(block(4, 0).getOptions().getSize2()).isEqualTo(SIZE);
    }

    @Test
    void answersLargerBlocksThanItsLargestWithItsLargestAtTheOffsetAsked() {
        Response block = block(6, 3); // 1024-byte block 3 from a node whose largest block is 512 bytes

        assertThat(block.getOptions().getBlock2().getSzx()).isEqualTo(5);
        assertThat(block.getOptions().getBlock2().getNum()).isEqualTo(6);
        assertThat(block.getPayload()).isEqualTo(Arrays.copyOfRange(bytes, 3072, 3584));
    }

    @Test
    void refusesABlockPastTheEndWithBadOption() {
        int pastTheEnd = (SIZE + 1023) / 1024;

        Response response = block(5, pastTheEnd * 2);

        assertThat(response.getCode()).isEqualTo(ResponseCode.BAD_OPTION);
        assertThat(response.getPayloadString()).startsWith("artifact.range-not-satisfiable: ");
    }

    @Test
    void namesAnArtifactByTheFirstSixteenOrMoreDigitsOfItsDigest() {
        assertThat(coap.get("/a/" + sha.substring(0, 16)).getPayload()).isEqualTo(bytes);
        assertThat(coap.get("/a/" + sha.substring(0, 40)).getPayload()).isEqualTo(bytes);

        Response tooShort = coap.get("/a/" + sha.substring(0, 15));
        assertThat(tooShort.getCode()).isEqualTo(ResponseCode.BAD_REQUEST);
        assertThat(tooShort.getPayloadString()).startsWith("artifact.bad-digest: ");
        Response upperCase = coap.get("/a/" + sha.toUpperCase());
        assertThat(upperCase.getCode()).isEqualTo(ResponseCode.BAD_REQUEST);
    }

    @Test
    void answersNotFoundForAnUnknownArtifactOrPath() {
        String unknown = TestVendor.sha256Hex("nothing".getBytes(StandardCharsets.UTF_8));

        Response response = coap.get("/a/" + unknown);
        assertThat(response.getCode()).isEqualTo(ResponseCode.NOT_FOUND);
        assertThat(response.getPayloadString()).startsWith("artifact.not-found: ");
        assertThat(coap.get("/a/" + sha + "/more").getCode()).isEqualTo(ResponseCode.NOT_FOUND);
        assertThat(coap.get("/a").getCode()).isEqualTo(ResponseCode.NOT_FOUND);
    }

    @Test
    void theReadOnlyPortOffersNothingButWhatADigestNamesNorAnotherMethod() {
        assertThat(coap.get("/c").getCode()).isEqualTo(ResponseCode.NOT_FOUND);
        // Envelopes are served here by digest only: one by release id needs the device's DTLS session.
        assertThat(coap.get("/e/1").getCode()).isEqualTo(ResponseCode.UNAUTHORIZED);
        Request put = coap.request(Code.PUT, "/a/" + sha);
        put.setPayload(new byte[] {1, 2, 3});

        Response refused = coap.send(put);

        assertThat(refused.getCode()).isEqualTo(ResponseCode.METHOD_NOT_ALLOWED);
        assertThat(refused.getPayloadString()).startsWith("coap.method-not-allowed: ");
        assertThat(coap.get("/a/" + sha).getPayload()).isEqualTo(bytes);
    }

    private Response block(int szx, int num) {
        Request request = blockwise.request(Code.GET, "/a/" + sha);
        request.getOptions().setBlock2(szx, false, num);
        return blockwise.send(request);
    }
}
