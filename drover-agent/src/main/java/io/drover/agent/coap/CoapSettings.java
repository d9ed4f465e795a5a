package io.drover.agent.coap;

import io.drover.suit.VerificationKey;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How an agent whose server URL is {@code coap://} or {@code coaps://} speaks CoAP.
 *
 * @param psk the device's DTLS pre-shared key; with {@code coaps://}, this or {@code serverKey} is required
 * @param serverKey the server's DTLS raw public key (RFC 7250): the device then authenticates with its own identity
 *     key as its raw public key, and trusts only this server key
 * @param blockSize the Block2/Block1 size the device asks for: a power of two from 16 to 1024 bytes (the server may
 *     answer with smaller blocks)
 * @param gatewayUrl where the device fetches what is named by its SHA-256 instead of from the server: artifacts
 *     (by the check-in's names, {@code /a/<first 16 hex digits>}) and envelopes ({@code /e/<sha256>}, when the
 *     check-in answer names the envelope's digest);
 *     a gateway of the device's subnet, or the server's plain CoAP port; {@code coap://} or {@code coaps://}
 *     (with the device's DTLS credentials). Check-ins and reports still go to the server. The device verifies
 *     whatever comes from here as it does what comes from the server.
 * @param ackTimeout the initial retransmission timeout of a confirmable request (RFC 7252 ACK_TIMEOUT)
 */
public record CoapSettings(Optional<PreSharedKey> psk, Optional<VerificationKey> serverKey, int blockSize,
        Optional<URI> gatewayUrl, Duration ackTimeout) {
    public static final int DEFAULT_BLOCK_SIZE = 1024;
    public static final Duration DEFAULT_ACK_TIMEOUT = Duration.ofSeconds(2);

    public CoapSettings {
        Objects.requireNonNull(psk, "psk");
        Objects.requireNonNull(serverKey, "serverKey");
        if (blockSize < 16 || blockSize > 1024 || Integer.bitCount(blockSize) != 1) {
            throw new IllegalArgumentException("coap.blockSize must be a power of two from 16 to 1024, got "
                    + blockSize);
        }
        Objects.requireNonNull(gatewayUrl, "gatewayUrl");
        gatewayUrl.ifPresent(url -> requireCoapUrl(url, "coap.gatewayUrl"));
        Objects.requireNonNull(ackTimeout, "ackTimeout");
        if (ackTimeout.toMillis() < 1) {
            throw new IllegalArgumentException("coap.ackTimeout must be at least a millisecond");
        }
    }

    /** A device with a pre-shared key, default blocks and timeouts, downloading from its server. */
    public static CoapSettings of(PreSharedKey psk) {
        return new CoapSettings(Optional.of(psk), Optional.empty(), DEFAULT_BLOCK_SIZE, Optional.empty(),
                DEFAULT_ACK_TIMEOUT);
    }

    public CoapSettings withBlockSize(int size) {
        return new CoapSettings(psk, serverKey, size, gatewayUrl, ackTimeout);
    }

    public CoapSettings withGatewayUrl(URI url) {
        return new CoapSettings(psk, serverKey, blockSize, Optional.of(url), ackTimeout);
    }

    public CoapSettings withAckTimeout(Duration timeout) {
        return new CoapSettings(psk, serverKey, blockSize, gatewayUrl, timeout);
    }

    /** Whether the device can open a DTLS session: it holds a pre-shared key or trusts a server key. */
    public boolean canSecure() {
        return psk.isPresent() || serverKey.isPresent();
    }

    /** Whether {@code url} is an absolute coap:// or coaps:// URL with a host. */
    public static boolean isCoap(URI url) {
        return url.isAbsolute() && url.getHost() != null
                && ("coap".equals(url.getScheme()) || "coaps".equals(url.getScheme()));
    }

    private static void requireCoapUrl(URI url, String name) {
        String path = url.getRawPath();
        if (!isCoap(url) || (path != null && !path.isEmpty() && !"/".equals(path))) {
            throw new IllegalArgumentException(name + " must be a coap:// or coaps:// URL with a host and no path: "
                    + url);
        }
    }
}
