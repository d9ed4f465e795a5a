package io.drover.server.lwm2m;

import io.drover.server.fleet.DevicePsks;
import org.eclipse.leshan.core.peer.OscoreIdentity;
import org.eclipse.leshan.servers.security.SecurityInfo;
import org.eclipse.leshan.servers.security.SecurityStore;

/**
 * Leshan's security store over the pre-shared keys Drover issues to devices ({@link DevicePsks}, the same keys the
 * CoAP device API takes): a PSK's identity is its device id, so a client proves over DTLS that it holds the key issued
 * to the device it registers as. A device with a PSK may then register only over DTLS with that key; one issued none
 * has no security information, and registers only on the plain port. Keys are read at each handshake and
 * registration, so a revoked device, or one whose PSK was issued anew, fails its next handshake.
 */
final class DevicePskSecurity implements SecurityStore {
    private final DevicePsks psks;

    DevicePskSecurity(DevicePsks psks) {
        this.psks = psks;
    }

    @Override
    public SecurityInfo getByEndpoint(String endpoint) {
        return info(endpoint);
    }

    @Override
    public SecurityInfo getByIdentity(String pskIdentity) {
        return info(pskIdentity);
    }

    @Override
    public SecurityInfo getByOscoreIdentity(OscoreIdentity oscoreIdentity) {
        return null;
    }

    private SecurityInfo info(String deviceId) {
        return psks.current(deviceId).map(psk -> SecurityInfo.newPreSharedKeyInfo(deviceId, deviceId, psk.key()))
                .orElse(null);
    }
}
