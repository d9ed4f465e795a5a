package io.drover.server.coap;

import io.drover.server.fleet.SessionCredential;
import java.security.Principal;
import java.util.Map;
import org.eclipse.californium.elements.auth.AdditionalInfo;
import org.eclipse.californium.elements.auth.ExtensiblePrincipal;

/**
 * The device a DTLS session belongs to and what it proved in the handshake, kept with the session's principal
 * (Scandium's "additional info"), so every request on the session knows its device without a lookup by key.
 */
record DeviceSession(String deviceId, SessionCredential credential) {
    private static final String KEY = "drover.device-session";

    /** What Scandium stores with the session's principal. */
    AdditionalInfo info() {
        return AdditionalInfo.from(Map.of(KEY, this));
    }

    /** The session of a request's peer; null when the peer is no device (a session Drover did not make). */
    static DeviceSession of(Principal peer) {
        return peer instanceof ExtensiblePrincipal<?> extensible
                ? extensible.getExtendedInfo().get(KEY, DeviceSession.class) : null;
    }
}
