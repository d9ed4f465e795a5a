package io.drover.server.lwm2m;

import java.time.Duration;
import java.util.Optional;
import org.eclipse.leshan.core.node.LwM2mObjectInstance;
import org.eclipse.leshan.core.request.DownlinkDeviceManagementRequest;
import org.eclipse.leshan.core.request.ReadRequest;
import org.eclipse.leshan.core.response.LwM2mResponse;
import org.eclipse.leshan.core.response.ReadResponse;
import org.eclipse.leshan.server.LeshanServer;
import org.eclipse.leshan.server.registration.Registration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Requests from Drover to its registered devices, waited for on the calling (virtual) thread. An exchange that
 * fails (no answer in time, the link down, an answer that does not decode) is logged and comes back empty; an error
 * answer comes back as it is, for the caller to judge.
 */
final class DeviceLink {
    private static final Logger LOG = LoggerFactory.getLogger(DeviceLink.class);
    static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final LeshanServer server;

    DeviceLink(LeshanServer server) {
        this.server = server;
    }

    <T extends LwM2mResponse> Optional<T> send(Registration device, DownlinkDeviceManagementRequest<T> request,
            Duration timeout) {
        try {
            T response = server.send(device, request, timeout.toMillis());
            if (response == null) {
                LOG.info("device {} did not answer {} within {}", device.getEndpoint(), request, timeout);
            }
            return Optional.ofNullable(response);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (RuntimeException e) {
            LOG.info("{} to device {} failed: {}", request, device.getEndpoint(), e.toString());
            return Optional.empty();
        }
    }

    /** One object instance, read whole; empty unless the device answered it with content. */
    Optional<LwM2mObjectInstance> read(Registration device, int object) {
        return send(device, new ReadRequest(object, 0), TIMEOUT).filter(ReadResponse::isSuccess)
                .map(ReadResponse::getContent).filter(LwM2mObjectInstance.class::isInstance)
                .map(LwM2mObjectInstance.class::cast);
    }

    Optional<FirmwareStatus> firmware(Registration device) {
        Optional<FirmwareStatus> status = read(device, FirmwareStatus.OBJECT).flatMap(FirmwareStatus::of);
        if (status.isEmpty()) {
            LOG.info("device {} gave no readable state of its Firmware Update object", device.getEndpoint());
        }
        return status;
    }

    Optional<DeviceInfo> deviceInfo(Registration device) {
        return read(device, DeviceInfo.OBJECT).map(DeviceInfo::of);
    }
}
