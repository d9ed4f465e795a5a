package io.drover.server.coap;

import io.drover.error.DroverException;
import io.drover.server.device.DeviceApi;
import io.drover.server.fleet.AuthenticatedDevice;
import io.drover.server.fleet.FleetService;
import io.drover.server.fleet.SessionCredential;
import io.drover.server.rollout.AssignmentService;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.eclipse.californium.core.CoapExchange;
import org.eclipse.californium.core.CoapResource;
import org.eclipse.californium.core.observe.ObserveRelation;
import org.eclipse.californium.core.server.resources.ResourceObserverAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the observers of {@code /c} whose check-in answer changed, and has exactly those notified.
 *
 * <p>Answers change when a rollout of the device's class is created or changes (status, wave, a rollback order), the
 * class's compatibility policy does, or an operator changes a device's groups or revokes it, on any node. So every
 * pass first reads one mark per class ({@link AssignmentService#answerMarks()}: one query over the rollouts, not the
 * devices) and, only for classes whose mark moved since the last pass, computes the answer of each observing device
 * of that class again and compares its ETag with the one the device was last sent. The cost is bounded: nothing while
 * no rollout changes; at most one check-in computation per observer of a changed class, one after another on one
 * thread, every pass interval; and at most {@link CoapServerSettings#maxObservers()} observers per node. Changes of a device's own attributes are not
 * watched: the device learns of them at its next poll or re-registration (notifications carry Max-Age).
 */
final class CheckInObservers implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CheckInObservers.class);

    /** What an observing device was last sent. */
    private record Observed(String deviceId, long classDbId, SessionCredential credential, byte[] etag) {}

    private final DeviceApi api;
    private final AssignmentService assignments;
    private final FleetService fleet;
    private final Map<ObserveRelation, Observed> observed = new ConcurrentHashMap<>();
    private final ScheduledExecutorService passes = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "drover-coap-observe");
        thread.setDaemon(true);
        return thread;
    });
    private CoapResource resource;
    private Map<Long, String> marks = Map.of();

    CheckInObservers(DeviceApi api, AssignmentService assignments, FleetService fleet) {
        this.api = api;
        this.assignments = assignments;
        this.fleet = fleet;
    }

    /** Starts the passes over the observers of {@code checkIn}. */
    void watch(CoapResource checkIn, Duration interval) {
        this.resource = checkIn;
        checkIn.addObserver(new ResourceObserverAdapter() {
            @Override
            public void removedObserveRelation(ObserveRelation relation) {
                observed.remove(relation);
            }
        });
        passes.scheduleWithFixedDelay(() -> {
            try {
                pass();
            } catch (RuntimeException e) {
                LOG.warn("a pass over the observers of CoAP check-ins failed; the next one tries again", e);
            }
        }, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Notes what a check-in (a registration or a notification) sent an observing device. */
    void answered(CoapExchange exchange, AuthenticatedDevice device, byte[] etag) {
        ObserveRelation relation = exchange.advanced().getRelation();
        DeviceSession session = DeviceSession.of(exchange.getSourceContext().getPeerIdentity());
        if (relation != null && !relation.isCanceled()) {
            observed.put(relation, new Observed(device.id(), device.classDbId(), session.credential(), etag));
        }
    }

    /** How many devices observe their check-in on this node. */
    int size() {
        return observed.size();
    }

    synchronized void pass() {
        observed.keySet().removeIf(ObserveRelation::isCanceled);
        Map<Long, String> now = assignments.answerMarks();
        Set<Long> changed = Stream.concat(now.keySet().stream(), marks.keySet().stream())
                .filter(c -> !Objects.equals(now.get(c), marks.get(c)))
                .collect(Collectors.toSet());
        marks = now;
        if (changed.isEmpty()) {
            return;
        }
        Set<ObserveRelation> notify = new HashSet<>();
        observed.forEach((relation, device) -> {
            if (changed.contains(device.classDbId()) && answerChanged(device)) {
                notify.add(relation);
            }
        });
        if (!notify.isEmpty()) {
            resource.changed(notify::contains);
        }
    }

    /** Whether the device's answer is no longer the one it was sent; a device refused now is told so. */
    private boolean answerChanged(Observed device) {
        try {
            AuthenticatedDevice now = fleet.authenticate(device.deviceId(), device.credential());
            return !Arrays.equals(CoapEtag.of(api.checkIn(now).etag()), device.etag());
        } catch (DroverException refused) {
            return true; // revoked, or its credential replaced: the notification is the refusal and ends it
        }
    }

    @Override
    public void close() {
        passes.shutdownNow();
    }
}
