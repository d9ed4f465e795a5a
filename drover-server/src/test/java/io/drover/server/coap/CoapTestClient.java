package io.drover.server.coap;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.californium.core.CoapClient;
import org.eclipse.californium.core.CoapHandler;
import org.eclipse.californium.core.CoapObserveRelation;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.coap.CoAP.Code;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.coap.Response;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.core.network.Endpoint;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.SystemConfig;
import org.eclipse.californium.elements.config.UdpConfig;
import org.eclipse.californium.elements.exception.ConnectorException;
import io.drover.suit.SecretKeyAccess;
import io.drover.suit.SigningKey;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import org.eclipse.californium.elements.auth.RawPublicKeyIdentity;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.config.DtlsConfig.DtlsRole;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.californium.scandium.dtls.CertificateType;
import org.eclipse.californium.scandium.dtls.SignatureAndHashAlgorithm;
import org.eclipse.californium.scandium.dtls.pskstore.SinglePskStore;
import org.eclipse.californium.scandium.dtls.x509.SingleCertificateProvider;
import org.eclipse.californium.scandium.dtls.x509.StaticCertificateVerifier;

/** A Californium client on a UDP socket of its own, talking to one CoAP server; close it to free the socket. */
public final class CoapTestClient implements AutoCloseable {
    private final String scheme;
    private final InetSocketAddress server;
    private final Endpoint endpoint;
    private final CoapClient client = new CoapClient();

    private CoapTestClient(String scheme, InetSocketAddress server, Endpoint endpoint) {
        this.scheme = scheme;
        this.server = server;
        this.endpoint = endpoint;
        client.setEndpoint(endpoint);
        client.setTimeout(10_000L);
    }

    /**
     * Californium's settings for a test client: with {@code wholeBodies}, block-wise transfers of up to 8 MiB are
     * assembled by Californium (the client asks block after block); without, each answer is one block as sent.
     */
    public static Configuration configuration(boolean wholeBodies) {
        Configuration config = new Configuration(SystemConfig.DEFINITIONS, UdpConfig.DEFINITIONS,
                CoapConfig.DEFINITIONS, DtlsConfig.DEFINITIONS);
        config.set(CoapConfig.MAX_RESOURCE_BODY_SIZE, wholeBodies ? 8 << 20 : 0);
        config.set(CoapConfig.PREFERRED_BLOCK_SIZE, 1024);
        return config;
    }

    /** A client of the plain UDP port that assembles block-wise bodies. */
    public static CoapTestClient plain(int port) {
        return plain(port, true);
    }

    /** A client of the plain UDP port; {@code wholeBodies}: see {@link #configuration}. */
    public static CoapTestClient plain(int port, boolean wholeBodies) {
        CoapEndpoint endpoint = CoapEndpoint.builder().setConfiguration(configuration(wholeBodies)).build();
        return started("coap", port, endpoint);
    }

    /** A client of the DTLS port that authenticates with a PSK: the device id and the issued key's text. */
    public static CoapTestClient psk(int port, String identity, String key) {
        return psk(port, identity, key, true);
    }

    /** A PSK client of the DTLS port; {@code wholeBodies}: see {@link #configuration}. */
    public static CoapTestClient psk(int port, String identity, String key, boolean wholeBodies) {
        Configuration config = dtlsConfiguration(wholeBodies);
        return dtls(port, config, DtlsConnectorConfig.builder(config)
                .setPskStore(new SinglePskStore(identity, key.getBytes(StandardCharsets.US_ASCII))));
    }

    /**
     * A client of the DTLS port that authenticates with {@code key} as its raw public key, and trusts the server's
     * raw public key {@code serverKey}.
     */
    public static CoapTestClient rawPublicKey(int port, SigningKey key, PublicKey serverKey) {
        Configuration config = dtlsConfiguration(true);
        config.setAsList(DtlsConfig.DTLS_CERTIFICATE_TYPES, CertificateType.RAW_PUBLIC_KEY);
        config.setAsList(DtlsConfig.DTLS_SIGNATURE_AND_HASH_ALGORITHMS,
                SignatureAndHashAlgorithm.INTRINSIC_WITH_ED25519, SignatureAndHashAlgorithm.SHA256_WITH_ECDSA);
        return dtls(port, config, DtlsConnectorConfig.builder(config)
                .setCertificateIdentityProvider(new SingleCertificateProvider(
                        key.privateKey(SecretKeyAccess.get()), key.verificationKey().publicKey()))
                .setCertificateVerifier(StaticCertificateVerifier.builder()
                        .setTrustedRPKs(new RawPublicKeyIdentity(serverKey)).build()));
    }

    private static Configuration dtlsConfiguration(boolean wholeBodies) {
        Configuration config = configuration(wholeBodies);
        config.set(DtlsConfig.DTLS_ROLE, DtlsRole.CLIENT_ONLY);
        config.set(DtlsConfig.DTLS_CONNECTION_ID_LENGTH, 0); // use the server's CID, offer none of its own
        // A server drops a handshake with an unknown credential without a word: give up after one resend, not four.
        config.set(DtlsConfig.DTLS_MAX_RETRANSMISSIONS, 1);
        config.set(DtlsConfig.DTLS_RETRANSMISSION_TIMEOUT, 500, TimeUnit.MILLISECONDS);
        return config;
    }

    private static CoapTestClient dtls(int port, Configuration config, DtlsConnectorConfig.Builder dtls) {
        dtls.setAddress(new InetSocketAddress("127.0.0.1", 0));
        CoapEndpoint endpoint = CoapEndpoint.builder().setConfiguration(config)
                .setConnector(new DTLSConnector(dtls.build())).build();
        return started("coaps", port, endpoint);
    }

    static CoapTestClient started(String scheme, int port, Endpoint endpoint) {
        try {
            endpoint.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new CoapTestClient(scheme, new InetSocketAddress("127.0.0.1", port), endpoint);
    }

    /** A request of {@code code} for {@code path} (with an optional query after {@code ?}) on the server. */
    public Request request(Code code, String path) {
        Request request = new Request(code);
        request.setURI(URI.create(scheme + "://127.0.0.1:" + server.getPort() + path));
        return request;
    }

    /** Sends {@code request} and waits for its answer (the whole body, for a block-wise one). */
    public Response send(Request request) {
        try {
            CoapResponse response = client.advanced(request);
            if (response == null) {
                throw new IllegalStateException("no answer to " + request);
            }
            return response.advanced();
        } catch (ConnectorException | IOException e) {
            throw new IllegalStateException("could not send " + request, e);
        }
    }

    public Response get(String path) {
        return send(request(Code.GET, path));
    }

    /** Registers an observation of {@code path}; every answer (the first one and each notification) is queued. */
    public CoapObserveRelation observe(String path, BlockingQueue<Response> answers) {
        Request request = request(Code.GET, path);
        request.setObserve();
        return client.observe(request, new CoapHandler() {
            @Override
            public void onLoad(CoapResponse response) {
                answers.add(response.advanced());
            }

            @Override
            public void onError() {}
        });
    }

    /** Forgets the DTLS session, so the next request starts with a full handshake. */
    public void forgetSession() {
        ((DTLSConnector) ((CoapEndpoint) endpoint).getConnector()).clearConnectionState();
    }

    public CoapClient client() {
        return client;
    }

    public Endpoint endpoint() {
        return endpoint;
    }

    @Override
    public void close() {
        client.shutdown();
        endpoint.destroy();
    }
}
