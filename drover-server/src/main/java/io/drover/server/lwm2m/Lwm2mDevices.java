package io.drover.server.lwm2m;

import io.drover.error.DroverException;
import io.drover.server.fleet.AuthenticatedDevice;
import io.drover.server.fleet.FleetService;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.leshan.core.observation.CompositeObservation;
import org.eclipse.leshan.core.observation.Observation;
import org.eclipse.leshan.core.observation.SingleObservation;
import org.eclipse.leshan.core.response.ObserveCompositeResponse;
import org.eclipse.leshan.core.response.ObserveResponse;
import org.eclipse.leshan.server.observation.ObservationListener;
import org.eclipse.leshan.server.registration.Registration;
import org.eclipse.leshan.server.registration.RegistrationListener;
import org.eclipse.leshan.server.registration.RegistrationService;
import org.eclipse.leshan.server.registration.RegistrationStore;
import org.eclipse.leshan.server.registration.RegistrationUpdate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The devices registered with this node's LwM2M server. A registration, its updates, a notification and the periodic
 * sweep each ask for a check of the device ({@link CheckQueue}); a check records what a new registration's Device
 * object states and observes its Firmware Update object, then lets {@link FirmwareUpdates} take the next step. A
 * registration update is the device's heartbeat: it counts as seen, as an HTTP device's check-in does.
 */
final class Lwm2mDevices implements RegistrationListener, ObservationListener {
    private static final Logger LOG = LoggerFactory.getLogger(Lwm2mDevices.class);

    private final FleetService fleet;
    private final RegistrationService registrations;
    private final RegistrationStore store;
    private final DeviceLink link;
    private final DeviceInventory inventory;
    private final FirmwareUpdates updates;
    private final CheckQueue checks = new CheckQueue(this::check);
    /** Device id → the registration whose Device object was recorded and whose Firmware Update object is observed. */
    private final Map<String, String> known = new ConcurrentHashMap<>();

    Lwm2mDevices(FleetService fleet, RegistrationService registrations, RegistrationStore store, DeviceLink link,
            DeviceInventory inventory, FirmwareUpdates updates) {
        this.fleet = fleet;
        this.registrations = registrations;
        this.store = store;
        this.link = link;
        this.inventory = inventory;
        this.updates = updates;
    }

    /** Asks for a check of every device registered with this node. */
    void sweep() {
        registrations.getAllRegistrations().forEachRemaining(r -> checks.ask(r.getEndpoint()));
    }

    private void check(String deviceId) {
        Registration registration = registrations.getByEndpoint(deviceId);
        if (registration == null) {
            return; // gone meanwhile; its next registration is checked
        }
        AuthenticatedDevice device;
        try {
            device = fleet.identified(deviceId);
        } catch (DroverException e) {
            // Revoked while registered: the registration ends now, and the authorizer refuses the next one.
            store.removeRegistration(registration.getId());
            known.remove(deviceId);
            updates.forget(deviceId);
            LOG.info("ended the LwM2M registration of device {}: {}", deviceId, e.getMessage());
            return;
        }
        boolean firmwareObject = registration.getSupportedObject().containsKey(FirmwareStatus.OBJECT);
        if (!registration.getId().equals(known.get(deviceId))) {
            link.deviceInfo(registration).ifPresent(info -> inventory.record(deviceId, info));
            if (firmwareObject) {
                updates.observe(registration);
            }
            known.put(deviceId, registration.getId());
        }
        if (firmwareObject) {
            updates.check(device, registration);
        }
    }

    @Override
    public void registered(Registration registration, Registration previous, Collection<Observation> observations) {
        checks.ask(registration.getEndpoint());
    }

    @Override
    public void updated(RegistrationUpdate update, Registration registration, Registration previous) {
        checks.ask(registration.getEndpoint());
    }

    @Override
    public void unregistered(Registration registration, Collection<Observation> observations, boolean expired,
            Registration replacement) {
        if (replacement == null) {
            known.remove(registration.getEndpoint(), registration.getId());
        }
    }

    @Override
    public void onResponse(SingleObservation observation, Registration registration, ObserveResponse response) {
        checks.ask(registration.getEndpoint());
    }

    @Override
    public void onResponse(CompositeObservation observation, Registration registration,
            ObserveCompositeResponse response) {
        checks.ask(registration.getEndpoint());
    }

    @Override
    public void onError(Observation observation, Registration registration, Exception error) {
        LOG.info("observation {} of device {} failed: {}", observation.getId(), registration.getEndpoint(),
                error.toString());
    }

    @Override
    public void newObservation(Observation observation, Registration registration) {
    }

    @Override
    public void cancelled(Observation observation) {
    }

    void close() {
        checks.close();
    }
}
