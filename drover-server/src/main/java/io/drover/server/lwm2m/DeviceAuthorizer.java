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
 * id. Registrations and their updates from any other endpoint are refused (4.03), so a revoked device is shut out at
 * its next registration update. Leshan's own checks follow: the client's credentials must match what the security
 * store holds for the endpoint (none: an unsecured client), and later requests must come from the peer that
 * registered.
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
        if (request instanceof RegisterRequest || request instanceof UpdateRequest) {
            try {
                fleet.identified(registration.getEndpoint());
            } catch (DroverException e) {
                LOG.info("refused LwM2M {} of endpoint '{}' from {}: {}", request instanceof RegisterRequest
                        ? "registration" : "registration update", registration.getEndpoint(), sender, e.getMessage());
                return Authorization.declined();
            }
        }
        return leshan.isAuthorized(request, registration, sender, endpointUri);
    }
}
