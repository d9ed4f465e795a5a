package io.drover.server.lwm2m;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
 * answer comes back as it is, for the caller to judge. A request to a registration that ends meanwhile (the device
 * deregistered, or registered again from another address) is abandoned at once rather than waited out, so the check
 * of the device's new registration, queued behind it, is not held up.
 */
final class DeviceLink {
    private static final Logger LOG = LoggerFactory.getLogger(DeviceLink.class);
    static final Duration TIMEOUT = Duration.ofSeconds(30);
    /** How often a waiting request looks whether its registration still stands. */
    private static final Duration REGISTRATION_CHECK = Duration.ofMillis(500);

    private final LeshanServer server;

    DeviceLink(LeshanServer server) {
        this.server = server;
    }

    <T extends LwM2mResponse> Optional<T> send(Registration device, DownlinkDeviceManagementRequest<T> request,
            Duration timeout) {
        CompletableFuture<T> answer = new CompletableFuture<>();
        try {
            server.send(device, request, timeout.toMillis(), answer::complete, answer::completeExceptionally);
            while (true) {
                try {
                    return Optional.of(answer.get(REGISTRATION_CHECK.toMillis(), TimeUnit.MILLISECONDS));
                } catch (TimeoutException e) {
                    if (!registered(device)) {
                        server.getEndpoints().forEach(endpoint -> endpoint.cancelRequests(device.getId()));
                        LOG.info("{} to device {} abandoned: its registration ended", request, device.getEndpoint());
                        return Optional.empty();
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (ExecutionException | RuntimeException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            LOG.info("{} to device {} failed: {}", request, device.getEndpoint(), cause.toString());
            return Optional.empty();
        }
    }

    /** Whether this registration still stands: the device neither deregistered nor registered again since. */
    boolean registered(Registration device) {
        return server.getRegistrationService().getById(device.getId()) != null;
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
