package io.drover.server.coap;

import io.drover.server.fleet.DevicePsks;
import io.drover.server.fleet.SessionCredential;
import java.net.InetSocketAddress;
import javax.crypto.SecretKey;
import org.eclipse.californium.scandium.util.ServerNames;
import org.eclipse.californium.scandium.dtls.ConnectionId;
import org.eclipse.californium.scandium.dtls.HandshakeResultHandler;
import org.eclipse.californium.scandium.dtls.PskPublicInformation;
import org.eclipse.californium.scandium.dtls.PskSecretResult;
import org.eclipse.californium.scandium.dtls.pskstore.PskStore;
import org.eclipse.californium.scandium.util.SecretUtil;

/**
 * The server's side of a PSK handshake: the PSK identity is the device id, and its key is the one issued last
 * ({@link DevicePsks}). A device that is unknown, revoked or was never issued a key gets no key, so the handshake
 * fails and nothing is recorded.
 */
final class DevicePskStore implements PskStore {
    private final DevicePsks psks;

    DevicePskStore(DevicePsks psks) {
        this.psks = psks;
    }

    @Override
    public boolean hasEcdhePskSupported() {
        return true;
    }

    @Override
    public PskSecretResult requestPskSecretResult(ConnectionId cid, ServerNames serverName,
            PskPublicInformation identity, String hmacAlgorithm, SecretKey otherSecret, byte[] seed,
            boolean useExtendedMasterSecret) {
        String deviceId = identity.getPublicInfoAsString();
        return psks.current(deviceId)
                .map(psk -> new PskSecretResult(cid, identity, SecretUtil.create(psk.key(), "PSK"),
                        new DeviceSession(deviceId, new SessionCredential.Psk(psk.generation())), false, true))
                .orElseGet(() -> new PskSecretResult(cid, identity));
    }

    /** A server never starts a handshake, so it never names an identity of its own. */
    @Override
    public PskPublicInformation getIdentity(InetSocketAddress peerAddress, ServerNames virtualHost) {
        return null;
    }

    /** Keys are answered at once, never later. */
    @Override
    public void setResultHandler(HandshakeResultHandler resultHandler) {}
}
