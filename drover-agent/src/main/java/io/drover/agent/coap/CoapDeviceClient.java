package io.drover.agent.coap;

import io.drover.agent.AgentErrors;
import io.drover.agent.transport.ArtifactBody;
import io.drover.agent.transport.Assignment;
import io.drover.agent.transport.CheckIn;
import io.drover.agent.transport.DeviceApi;
import io.drover.agent.transport.DigestResource;
import io.drover.agent.transport.LedgerHead;
import io.drover.agent.transport.Report;
import io.drover.error.DroverException;
import io.drover.suit.SigningKey;
import io.drover.suit.VerificationKey;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.coap.Response;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's side of Drover's CoAP device API (docs/API.md, "CoAP device API"): CBOR bodies of the same shape as
 * the HTTP API's JSON, DTLS with the device's pre-shared key or its identity key as raw public key, check-ins
 * observed (RFC 7641) so that the server tells the device when its answer changes, and artifacts and envelopes read
 * block by block ({@link Block2Stream}) from the server or, named by their digest, from the {@code gatewayUrl} of the
 * settings (a gateway), each request waiting at most the request timeout while Californium retransmits it.
 */
public final class CoapDeviceClient implements DeviceApi {
    private static final Logger log = LoggerFactory.getLogger(CoapDeviceClient.class);
    private static final Pattern ENVELOPE_BY_RELEASE = Pattern.compile("/e/\\d+");

    private final CoapEndpoint endpoint;
    private final CoapEndpoint otherEndpoint;
    private final CoapLink server;
    private final CoapLink byDigest;
    private final boolean viaGateway;
    private final int blockSize;
    private final CborBodies bodies = new CborBodies();
    private final CheckInObservation observation;

    /**
     * @param byDigest where what is named by its digest comes from: the gateway, else the server
     * @param viaGateway whether the device has a gateway, which it asks for its envelope by digest
     */
    private CoapDeviceClient(CoapEndpoint endpoint, CoapEndpoint otherEndpoint, CoapLink server, CoapLink byDigest,
            boolean viaGateway, int blockSize) {
        this.endpoint = endpoint;
        this.otherEndpoint = otherEndpoint;
        this.server = server;
        this.byDigest = byDigest;
        this.viaGateway = viaGateway;
        this.blockSize = blockSize;
        this.observation = new CheckInObservation(server, endpoint, bodies, blockSize);
    }

    /**
     * Opens the device's endpoints: DTLS towards a {@code coaps://} server (the handshake happens with the first
     * request), plain UDP towards a {@code coap://} one or gateway.
     *
     * @param identity the device's identity key, its DTLS raw public key when the settings hold no PSK
     */
    public static CoapDeviceClient start(URI serverUrl, CoapSettings settings, SigningKey identity,
            Duration requestTimeout) throws IOException {
        Objects.requireNonNull(serverUrl, "serverUrl");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(identity, "identity");
        CoapEndpoint secure = null;
        CoapEndpoint plain = null;
        try {
            if (needs("coaps", serverUrl, settings)) {
                secure = CoapEndpoints.secure(settings, identity);
                secure.start();
            }
            if (needs("coap", serverUrl, settings)) {
                plain = CoapEndpoints.plain(settings);
                plain.start();
            }
        } catch (IOException | RuntimeException e) {
            destroy(secure);
            destroy(plain);
            throw e;
        }
        boolean secureServer = "coaps".equals(serverUrl.getScheme());
        CoapLink server = new CoapLink(secureServer ? secure : plain, serverUrl, requestTimeout);
        CoapLink byDigest = server;
        if (settings.gatewayUrl().isPresent()) {
            URI url = settings.gatewayUrl().get();
            byDigest = new CoapLink("coaps".equals(url.getScheme()) ? secure : plain, url, requestTimeout);
        }
        return new CoapDeviceClient(secureServer ? secure : plain, secureServer ? plain : secure, server, byDigest,
                settings.gatewayUrl().isPresent(), settings.blockSize());
    }

    private static boolean needs(String scheme, URI serverUrl, CoapSettings settings) {
        return scheme.equals(serverUrl.getScheme())
                || settings.gatewayUrl().map(url -> scheme.equals(url.getScheme())).orElse(false);
    }

    /**
     * The server names artifacts by the first 16 hex digits of their digest (docs/API.md), which saves 48 bytes in
     * every block request, and the envelope by release id. A device behind a gateway fetches artifacts by those same
     * names, which the gateway resolves, and its envelope by the assignment's whole digest, since the gateway cannot
     * serve a release id and nothing keeps envelopes' prefixes unique; it keys its cache by that digest, so it never
     * serves an envelope other than the one the server named. An answer that names no envelope digest (a server that
     * predates it) leaves the envelope to the server.
     */
    @Override
    public CheckIn checkIn(String etag) throws IOException, InterruptedException {
        CheckIn answer = observation.checkIn(etag);
        if (viaGateway && answer instanceof CheckIn.Current current && current.assignment().isPresent()
                && current.assignment().get().envelopeDigest().isPresent()) {
            Assignment a = current.assignment().get();
            Assignment named = new Assignment(a.rolloutId(), a.releaseId(), a.sequenceNumber(),
                    DigestResource.ENVELOPE.coapPath(a.envelopeSha256()), a.envelopeSha256(), a.artifacts(),
                    a.safety());
            return new CheckIn.Current(current.etag(), current.deviceId(), Optional.of(named), current.rollback());
        }
        return answer;
    }

    @Override
    public boolean checkInChanged() {
        return observation.changed();
    }

    /**
     * By digest ({@code /e/<sha256>}, or its first 16 or more hex digits) from the gateway, by release id
     * ({@code /e/<release>}, fewer digits) from the server.
     */
    @Override
    public byte[] envelope(String url, int maxBytes) throws IOException, InterruptedException {
        CoapLink from;
        if (url.startsWith("/e/") && DigestResource.isName(url.substring(3))) {
            from = byDigest;
        } else if (ENVELOPE_BY_RELEASE.matcher(url).matches()) {
            from = server;
        } else {
            throw new DroverException(AgentErrors.UNEXPECTED_RESPONSE,
                    "the server sent an envelope URL that is not /e/<release> or /e/<sha256>: " + url);
        }
        try (InputStream body = Block2Stream.open(from, Request::newGet, url, 0, blockSize)) {
            return body.readNBytes(maxBytes + 1);
        }
    }

    @Override
    public String registerIdentity(VerificationKey key) throws IOException, InterruptedException {
        Response answer = Block1Upload.send(server, () -> cbor(Request.newPut()), "/i",
                bodies.write(new CborBodies.Identity(key.toPem())), blockSize);
        String deviceId = bodies.read(answer.getPayload(), "/i", CborBodies.Registration.class).deviceId();
        if (deviceId == null || deviceId.isBlank()) {
            throw new DroverException(AgentErrors.UNEXPECTED_RESPONSE, "/i answered no deviceId");
        }
        return deviceId;
    }

    /**
     * Reads an artifact the assignment names ({@code /a/<sha256 or its first 16+ hex digits>}), or what a gateway
     * fetches by the HTTP API's names ({@code /device/v1/artifacts/<name>}, {@code /device/v1/envelopes/<name>}),
     * block by block from the block holding byte {@code offset}, from the server or the gateway.
     */
    @Override
    public ArtifactBody openArtifact(String url, long offset) throws IOException, InterruptedException {
        Block2Stream stream = Block2Stream.open(byDigest, Request::newGet, coapPath(url), offset, blockSize);
        return new ArtifactBody(stream.start(), stream.total(), stream);
    }

    @Override
    public void report(Report report) throws IOException, InterruptedException {
        Block1Upload.send(server, () -> cbor(Request.newPost()), "/r", bodies.write(CborBodies.report(report)),
                blockSize);
    }

    @Override
    public void putAttributes(Map<String, String> attributes) throws IOException, InterruptedException {
        Block1Upload.send(server, () -> cbor(Request.newPut()), "/t", bodies.write(attributes), blockSize);
    }

    @Override
    public void reportHealth(boolean healthy, String trouble) throws IOException, InterruptedException {
        Block1Upload.send(server, () -> cbor(Request.newPost()), "/h",
                bodies.write(new CborBodies.Health(healthy, trouble)), blockSize);
    }

    @Override
    public LedgerHead ledgerHead(long since) throws IOException, InterruptedException {
        String path = since > 0 ? "/l?since=" + since : "/l";
        byte[] body;
        try (InputStream in = Block2Stream.open(server, () -> accepting(Request.newGet()), path, 0, blockSize)) {
            body = in.readAllBytes();
        }
        CborBodies.LedgerHeadBody head = bodies.read(body, path, CborBodies.LedgerHeadBody.class);
        if (head.head() == null) {
            throw new DroverException(AgentErrors.UNEXPECTED_RESPONSE, "/l answered no head");
        }
        return new LedgerHead(head.head(), Optional.ofNullable(head.consistency()));
    }

    /** Cancels the observation and closes the endpoints. */
    @Override
    public void close() {
        observation.close();
        destroy(endpoint);
        destroy(otherEndpoint);
    }

    /** The CoAP path of what {@code url} names by digest: an artifact, or an envelope. */
    private static String coapPath(String url) {
        return DigestResource.coapPathOf(url).orElseThrow(() -> new DroverException(AgentErrors.UNEXPECTED_RESPONSE,
                "the server sent an artifact URL that names no artifact: " + url));
    }

    private static Request cbor(Request request) {
        request.getOptions().setContentFormat(MediaTypeRegistry.APPLICATION_CBOR);
        return request;
    }

    static Request accepting(Request request) {
        request.getOptions().setAccept(MediaTypeRegistry.APPLICATION_CBOR);
        return request;
    }

    private static void destroy(CoapEndpoint endpoint) {
        if (endpoint != null) {
            try {
                endpoint.destroy();
            } catch (RuntimeException e) {
                log.debug("closing a CoAP endpoint: {}", e.toString());
            }
        }
    }
}
