package io.drover.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.eclipse.californium.core.CoapClient;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.coap.Response;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.core.network.interceptors.MessageInterceptor;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.SystemConfig;
import org.eclipse.californium.elements.config.UdpConfig;
import org.eclipse.californium.elements.exception.ConnectorException;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.californium.scandium.dtls.pskstore.SinglePskStore;

/**
 * A constrained device of the demo, speaking the CoAP device API over DTLS with the PSK it was issued (Californium
 * as its CoAP stack): it checks in and fetches bodies block-wise, 1024 bytes at a time.
 */
final class CoapDevice implements AutoCloseable {
    private static final CBORMapper CBOR = new CBORMapper();

    private final CoapEndpoint endpoint;
    private final CoapClient client = new CoapClient();
    private final String base;
    private int blocks;

    CoapDevice(String host, int dtlsPort, String identity, String key) {
        Configuration config = new Configuration(SystemConfig.DEFINITIONS, UdpConfig.DEFINITIONS,
                CoapConfig.DEFINITIONS, DtlsConfig.DEFINITIONS);
        config.set(CoapConfig.MAX_RESOURCE_BODY_SIZE, 16 << 20);
        config.set(CoapConfig.PREFERRED_BLOCK_SIZE, 1024);
        config.set(DtlsConfig.DTLS_ROLE, DtlsConfig.DtlsRole.CLIENT_ONLY);
        endpoint = CoapEndpoint.builder().setConfiguration(config).setConnector(new DTLSConnector(
                DtlsConnectorConfig.builder(config).setAddress(new InetSocketAddress(0))
                        .setPskStore(new SinglePskStore(identity, key.getBytes(StandardCharsets.US_ASCII))).build()))
                .build();
        endpoint.addInterceptor(new MessageInterceptor() {
            @Override
            public void receiveResponse(Response response) {
                blocks++;
            }
        });
        client.setEndpoint(endpoint);
        base = "coaps://" + host + ":" + dtlsPort;
    }

    /** The check-in answer, in CBOR as the device receives it. */
    JsonNode checkIn() {
        try {
            return CBOR.readTree(get("/c"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A whole body, fetched block by block. */
    byte[] get(String path) {
        try {
            CoapResponse response = client.setURI(base + path).get();
            if (response == null || !response.isSuccess()) {
                throw new IllegalStateException("CoAP GET " + path + " failed: "
                        + (response == null ? "no answer" : response.getCode() + " " + response.getResponseText()));
            }
            return response.getPayload();
        } catch (ConnectorException | IOException e) {
            throw new IllegalStateException("CoAP GET " + path + " failed", e);
        }
    }

    /** How many answers (blocks) the device received so far. */
    int blocksReceived() {
        return blocks;
    }

    @Override
    public void close() {
        client.shutdown();
        endpoint.destroy();
    }
}
