package io.drover.agent.coap;

import io.drover.suit.SecretKeyAccess;
import io.drover.suit.SigningKey;
import io.drover.suit.VerificationKey;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.elements.UDPConnector;
import org.eclipse.californium.elements.auth.RawPublicKeyIdentity;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.UdpConfig;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.californium.scandium.dtls.CertificateType;
import org.eclipse.californium.scandium.dtls.SignatureAndHashAlgorithm;
import org.eclipse.californium.scandium.dtls.cipher.CipherSuite;
import org.eclipse.californium.scandium.dtls.pskstore.SinglePskStore;
import org.eclipse.californium.scandium.dtls.x509.SingleCertificateProvider;
import org.eclipse.californium.scandium.dtls.x509.StaticCertificateVerifier;

/**
 * The agent's CoAP endpoints, on an ephemeral local port: plain UDP, or DTLS 1.2 as a client with the device's
 * pre-shared key or its identity key as a raw public key, offering the AES-CCM-8 cipher suites of the IoT profile
 * (RFC 7925) first: their 8-byte tag costs every record 8 bytes less than GCM's. Each runs on few threads (an emulator
 * runs many agents in one process), with Californium's block-wise mode off ({@link Block2Stream}) and DTLS Connection
 * IDs supported, so the server can keep a device's session across a change of its address (a NAT rebinding).
 */
final class CoapEndpoints {
    static {
        CoapConfig.register();
        UdpConfig.register();
        DtlsConfig.register();
    }

    private CoapEndpoints() {}

    static CoapEndpoint plain(CoapSettings settings) {
        Configuration config = configuration(settings);
        return CoapEndpoint.builder().setConfiguration(config)
                .setConnector(new UDPConnector(new InetSocketAddress(0), config)).build();
    }

    /** A DTLS client endpoint: PSK when the settings hold one, else the identity key against the server's key. */
    static CoapEndpoint secure(CoapSettings settings, SigningKey identity) {
        Configuration config = configuration(settings);
        DtlsConnectorConfig.Builder dtls;
        if (settings.psk().isPresent()) {
            PreSharedKey psk = settings.psk().get();
            config.setAsList(DtlsConfig.DTLS_CIPHER_SUITES, CipherSuite.TLS_ECDHE_PSK_WITH_AES_128_CCM_8_SHA256,
                    CipherSuite.TLS_PSK_WITH_AES_128_CCM_8, CipherSuite.TLS_ECDHE_PSK_WITH_AES_128_GCM_SHA256,
                    CipherSuite.TLS_PSK_WITH_AES_128_GCM_SHA256);
            dtls = DtlsConnectorConfig.builder(config)
                    .setPskStore(new SinglePskStore(psk.identity(), psk.secret(SecretKeyAccess.get())));
        } else {
            VerificationKey server = settings.serverKey().orElseThrow(
                    () -> new IllegalArgumentException("a coaps:// device needs a PSK or the server's public key"));
            config.setAsList(DtlsConfig.DTLS_CIPHER_SUITES, CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8,
                    CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256);
            config.setAsList(DtlsConfig.DTLS_CERTIFICATE_TYPES, CertificateType.RAW_PUBLIC_KEY);
            config.setAsList(DtlsConfig.DTLS_SIGNATURE_AND_HASH_ALGORITHMS,
                    SignatureAndHashAlgorithm.INTRINSIC_WITH_ED25519, SignatureAndHashAlgorithm.SHA256_WITH_ECDSA);
            // The identity key signs the handshake in this process: it goes to Scandium, nowhere else.
            dtls = DtlsConnectorConfig.builder(config).setCertificateIdentityProvider(new SingleCertificateProvider(
                    identity.privateKey(SecretKeyAccess.get()), identity.verificationKey().publicKey()))
                    .setCertificateVerifier(StaticCertificateVerifier.builder()
                            .setTrustedRPKs(new RawPublicKeyIdentity(server.publicKey())).build());
        }
        dtls.setAddress(new InetSocketAddress(0));
        return CoapEndpoint.builder().setConfiguration(config).setConnector(new DTLSConnector(dtls.build())).build();
    }

    private static Configuration configuration(CoapSettings settings) {
        Configuration config = new Configuration();
        config.set(CoapConfig.MAX_RESOURCE_BODY_SIZE, 0);
        config.set(CoapConfig.PREFERRED_BLOCK_SIZE, settings.blockSize());
        config.set(CoapConfig.MAX_MESSAGE_SIZE, settings.blockSize());
        config.set(CoapConfig.ACK_TIMEOUT, settings.ackTimeout().toMillis(), TimeUnit.MILLISECONDS);
        // A device has few requests in flight, one at a time in a download, and every message carries the token: one
        // byte tells them apart (Californium draws another when one is in use). A token that short guards nothing
        // against a forged answer on the plain port, and needs not: what comes over it is checked against the digests
        // of the signed manifest and the check-in answer taken over DTLS.
        config.set(CoapConfig.TOKEN_SIZE_LIMIT, 1);
        config.set(CoapConfig.PROTOCOL_STAGE_THREAD_COUNT, 1);
        config.set(UdpConfig.UDP_RECEIVER_THREAD_COUNT, 1);
        config.set(UdpConfig.UDP_SENDER_THREAD_COUNT, 1);
        config.set(DtlsConfig.DTLS_ROLE, DtlsConfig.DtlsRole.CLIENT_ONLY);
        config.set(DtlsConfig.DTLS_RECEIVER_THREAD_COUNT, 1);
        config.set(DtlsConfig.DTLS_CONNECTOR_THREAD_COUNT, 1);
        // 0: the device takes the server's connection id for what it sends, and needs none of its own.
        config.set(DtlsConfig.DTLS_CONNECTION_ID_LENGTH, 0);
        config.set(DtlsConfig.DTLS_MAX_CONNECTIONS, 16);
        return config;
    }

}
