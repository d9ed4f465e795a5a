package io.drover.agent.install;

import io.drover.agent.AgentErrors;
import io.drover.agent.health.HealthCheck;
import io.drover.agent.health.HealthResult;
import io.drover.agent.health.TrialSlot;
import io.drover.agent.slot.ImageDigest;
import io.drover.agent.slot.SlotId;
import io.drover.agent.slot.SlotStore;
import io.drover.agent.state.AgentState;
import io.drover.agent.state.Fallback;
import io.drover.agent.state.Trial;
import io.drover.agent.verify.ReleaseImage;
import io.drover.agent.verify.VerifiedRelease;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Turns a downloaded release into a trial and judges it, and checks that a release to fall back to is still intact. A
 * slot is always a complete set of images: components the release leaves alone are copied from the active slot, so
 * that falling back or forward never mixes releases.
 */
public final class TrialInstaller {
    private final SlotStore slots;
    private final HealthCheck healthCheck;
    private final Duration healthCheckTimeout;
    private final int maxHealthCheckStarts;
    private final int maxBoots;
    private final Clock clock;

    /**
     * @param maxHealthCheckStarts how many health checks of one trial may start; more means earlier ones were cut
     *     short by restarts (a check that crashes the device), and the trial is rolled back
     * @param maxBoots how many agent starts a trial may see; more means the new slot keeps the device from reaching
     *     a verdict, and the trial is rolled back
     */
    public TrialInstaller(SlotStore slots, HealthCheck healthCheck, Duration healthCheckTimeout,
            int maxHealthCheckStarts, int maxBoots, Clock clock) {
        this.slots = Objects.requireNonNull(slots, "slots");
        this.healthCheck = Objects.requireNonNull(healthCheck, "healthCheck");
        this.healthCheckTimeout = Objects.requireNonNull(healthCheckTimeout, "healthCheckTimeout");
        this.maxHealthCheckStarts = maxHealthCheckStarts;
        this.maxBoots = maxBoots;
        this.clock = Objects.requireNonNull(clock, "clock");
        if (maxHealthCheckStarts < 1) {
            throw new IllegalArgumentException("maxHealthCheckStarts must be at least 1");
        }
        if (maxBoots < 1) {
            throw new IllegalArgumentException("maxBoots must be at least 1");
        }
    }

    /**
     * Completes the inactive slot, whose release images are already downloaded, and describes it as a trial. The
     * caller makes the trial durable; that is the swap.
     */
    public Trial prepare(AgentState state, long rolloutId, long releaseId, VerifiedRelease release)
            throws IOException {
        SlotId active = state.activeSlot();
        SlotId target = active.other();
        Map<String, ImageDigest> images = new HashMap<>();
        Map<String, String> inventory = new HashMap<>(state.inventory());
        for (ReleaseImage image : release.images()) {
            images.put(image.component(), image.digest());
            inventory.put(image.component(), image.version());
        }
        for (String component : slots.components(active)) {
            if (!images.containsKey(component)) {
                images.put(component, knownDigest(state, component));
                slots.copy(component, active, target);
            }
        }
        slots.retainOnly(target, images.keySet());
        return new Trial(target, rolloutId, releaseId, release.sequenceNumber(), release.manifest(), inventory, images,
                clock.instant(), 0);
    }

    /** Runs the health check on a trial whose start has been recorded in {@code trial.healthChecksStarted()}. */
    public TrialVerdict judge(Trial trial) throws InterruptedException {
        if (trial.boots() > maxBoots) {
            return new TrialVerdict.Failed(AgentErrors.TOO_MANY_BOOTS, "the agent started " + trial.boots()
                    + " times while slot " + trial.slot() + " was on trial, without a healthy verdict");
        }
        if (trial.healthChecksStarted() > maxHealthCheckStarts) {
            return new TrialVerdict.Failed(AgentErrors.HEALTH_CHECK_TIMEOUT, "the health check of slot "
                    + trial.slot() + " was cut short " + (trial.healthChecksStarted() - 1) + " times");
        }
        return check(trial.slot(), trial.sequenceNumber(), trial.images());
    }

    /**
     * Runs the health check on {@code slot} within the deadline: on trial, or committed and soaking (the agent keeps
     * reporting its health for a while after an install).
     */
    public TrialVerdict check(SlotId slot, long sequenceNumber, Map<String, ImageDigest> images)
            throws InterruptedException {
        TrialSlot view = new TrialSlot(slots.view(slot), sequenceNumber, images);
        FutureTask<HealthResult> task = new FutureTask<>(() -> healthCheck.check(view));
        // Its own thread, so that a check that hangs can be abandoned at the deadline.
        Thread thread = Thread.ofVirtual().name("drover-health-check").start(task);
        try {
            HealthResult result = task.get(healthCheckTimeout.toMillis(), TimeUnit.MILLISECONDS);
            return switch (result) {
                case null -> new TrialVerdict.Failed(AgentErrors.HEALTH_CHECK_FAILED,
                        "the health check of slot " + slot + " returned no result");
                case HealthResult.Healthy healthy -> new TrialVerdict.Passed();
                case HealthResult.Unhealthy unhealthy ->
                        new TrialVerdict.Failed(AgentErrors.HEALTH_CHECK_FAILED, unhealthy.reason());
            };
        } catch (TimeoutException e) {
            thread.interrupt();
            return new TrialVerdict.Failed(AgentErrors.HEALTH_CHECK_TIMEOUT,
                    "the health check of slot " + slot + " did not finish within " + healthCheckTimeout);
        } catch (ExecutionException e) {
            return new TrialVerdict.Failed(AgentErrors.HEALTH_CHECK_FAILED,
                    "the health check of slot " + slot + " failed: " + e.getCause());
        } catch (InterruptedException e) {
            thread.interrupt();
            throw e;
        }
    }

    /**
     * What keeps {@code fallback} from being committed again, if anything: its slot must hold exactly its images, each
     * with the digest it was committed with. A download since writes into that slot, and then the release is gone.
     */
    public Optional<String> fallbackDamage(Fallback fallback) throws IOException {
        Set<String> present = slots.components(fallback.slot());
        if (!present.equals(fallback.images().keySet())) {
            return Optional.of("slot " + fallback.slot() + " holds images of " + new TreeSet<>(present) + ", not of "
                    + new TreeSet<>(fallback.images().keySet()));
        }
        for (var image : fallback.images().entrySet()) {
            try (InputStream in = slots.open(fallback.slot(), image.getKey())) {
                if (!ImageDigest.of(in).equals(image.getValue())) {
                    return Optional.of("the image of " + image.getKey() + " in slot " + fallback.slot()
                            + " is no longer the one committed");
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Digests of the active slot's images are remembered (the factory's are measured when the agent first starts); an
     * image that appeared in the slot since is measured here.
     */
    private ImageDigest knownDigest(AgentState state, String component) throws IOException {
        ImageDigest known = state.images().get(component);
        if (known != null) {
            return known;
        }
        try (InputStream image = slots.open(state.activeSlot(), component)) {
            return ImageDigest.of(image);
        }
    }
}
