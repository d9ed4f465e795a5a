package io.drover.server.lwm2m;

import io.drover.error.DroverException;
import io.drover.server.fleet.FleetService;
import org.eclipse.leshan.core.endpoint.EndpointUri;
import org.eclipse.leshan.core.peer.LwM2mPeer;
import org.eclipse.leshan.core.request.RegisterRequest;
import org.eclipse.leshan.core.request.UpdateRequest;
import org.eclipse.leshan.core.request.UplinkRequest;
import org.eclipse.leshan.server.registration.Registration;
import org.eclipse.leshan.servers.security.Authorization;
import org.eclipse.leshan.server.security.Authorizer;
import org.eclipse.leshan.server.security.DefaultAuthorizer;
import org.eclipse.leshan.servers.security.SecurityStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Admits an LwM2M client only under the id of a registered, unrevoked Drover device: its endpoint name is the device
 * id. Leshan's own checks come first: the client's credentials must match what the security store holds for the
 * endpoint (a device with a PSK must register over DTLS with it; one without, unsecured), and later requests must come
 * from the peer that registered. Then registrations and their updates from an endpoint that is no registered device,
 * or a revoked one, are refused (4.03), so a revoked device is shut out at its next registration update; an admitted
 * one counts as seen.
 */
final class DeviceAuthorizer implements Authorizer {
    private static final Logger LOG = LoggerFactory.getLogger(DeviceAuthorizer.class);

    private final FleetService fleet;
    private final Authorizer leshan;

    DeviceAuthorizer(FleetService fleet, SecurityStore security) {
        this.fleet = fleet;
        this.leshan = new DefaultAuthorizer(security);
    }

    @Override
    public Authorization isAuthorized(UplinkRequest<?> request, Registration registration, LwM2mPeer sender,
            EndpointUri endpointUri) {
        // Credentials first: a client that fails them is refused before Drover counts its device as seen.
        Authorization checked = leshan.isAuthorized(request, registration, sender, endpointUri);
        if (!checked.isApproved() || !(request instanceof RegisterRequest || request instanceof UpdateRequest)) {
            return checked;
        }
        try {
            fleet.identified(registration.getEndpoint());
            return checked;
        } catch (DroverException e) {
            LOG.info("refused LwM2M {} of endpoint '{}' from {}: {}", request instanceof RegisterRequest
                    ? "registration" : "registration update", registration.getEndpoint(), sender, e.getMessage());
            return Authorization.declined();
        }
    }
}
