package io.drover.sim;

import io.drover.agent.Agent;
import io.drover.agent.AgentStatus;
import io.drover.agent.UpdateStep;
import io.drover.agent.health.HealthCheck;
import io.drover.agent.health.HealthResult;
import io.drover.agent.health.TrialSlot;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One emulated device with its {@link DeviceFaults}: a real agent polling on its own virtual thread, reaching its
 * server (and gateway) through its {@link DeviceLink}, relays of its own when its network is impaired. A crash is
 * emulated the way a device loses power: the agent is interrupted at the step its fault names and dropped, and a new
 * agent starts on the same data directory, which must carry on from the state the old one persisted.
 */
public final class EmulatedDevice implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmulatedDevice.class);

    /**
     * Prepares the agent of this device, which the device completes (it listens to the update's steps) and builds;
     * called again after every emulated crash, with the same data directory. The agent reaches each address it talks
     * to (its server, a gateway) through {@code link}.
     */
    @FunctionalInterface
    public interface AgentFactory {
        Agent.Builder create(DeviceLink link, HealthCheck healthCheck, Clock clock);
    }

    private final String id;
    private final DeviceFaults faults;
    private final DeviceLink link;
    private final HealthCheck healthCheck;
    private final AgentFactory factory;
    private final Clock clock;
    private final Duration pollInterval;
    private final Duration firstCheckInDelay;
    private final AtomicBoolean crashUsed = new AtomicBoolean();
    private final AtomicBoolean crashPending = new AtomicBoolean();
    private final AtomicInteger restarts = new AtomicInteger();
    private final Thread thread;
    private volatile Agent agent;
    private volatile boolean stopping;

    private EmulatedDevice(String id, DeviceFaults faults, HealthCheck healthCheck, AgentFactory factory, Clock clock,
            long seed, Duration pollInterval) {
        this.id = id;
        this.faults = faults;
        this.link = new DeviceLink(faults.network(), seed);
        this.healthCheck = healthCheck;
        this.factory = factory;
        this.clock = Clock.offset(clock, faults.clockSkew());
        this.pollInterval = pollInterval;
        // A fleet switched on at once would otherwise check in all in the same instant, which no real fleet does.
        this.firstCheckInDelay = faults.offlineAtStart()
                .plusMillis(new SplittableRandom(seed).nextLong(Math.max(1, pollInterval.toMillis())));
        this.thread = Thread.ofVirtual().name("device-" + id).start(this::run);
    }

    /**
     * Starts the device; its first check-in comes after its offline time plus a seeded share of one poll interval.
     * {@code healthCheck} is what a working device would answer; {@code seed} drives the device's network faults and
     * that share.
     */
    public static EmulatedDevice start(String id, DeviceFaults faults, HealthCheck healthCheck, AgentFactory factory,
            Clock clock, long seed, Duration pollInterval) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(faults, "faults");
        Objects.requireNonNull(healthCheck, "healthCheck");
        Objects.requireNonNull(factory, "factory");
        Objects.requireNonNull(clock, "clock");
        if (!pollInterval.isPositive()) {
            throw new IllegalArgumentException("pollInterval must be positive");
        }
        return new EmulatedDevice(id, faults, healthCheck, factory, clock, seed, pollInterval);
    }

    public String id() {
        return id;
    }

    public DeviceFaults faults() {
        return faults;
    }

    /** How often the device lost power and came back. */
    public int restarts() {
        return restarts.get();
    }

    /** The running agent's status; empty while the device is still offline at start. */
    public Optional<AgentStatus> status() {
        Agent current = agent;
        return current == null ? Optional.empty() : Optional.of(current.status());
    }

    private void run() {
        try {
            Thread.sleep(firstCheckInDelay);
        } catch (InterruptedException e) {
            return;
        }
        while (!stopping) {
            Agent current;
            try {
                current = factory.create(link, this::check, clock).stepListener(this::reached).build();
            } catch (RuntimeException e) {
                // Say the emulator ran out of file descriptors reading the state: a real device would boot again.
                LOG.warn("device {} could not start its agent, trying again: {}", id, e.toString());
                try {
                    Thread.sleep(pollInterval);
                } catch (InterruptedException interrupted) {
                    return;
                }
                continue;
            }
            agent = current;
            current.runUntil(pollInterval, () -> stopping);
            if (!crashPending.getAndSet(false)) {
                current.close();
                return;
            }
            // The interrupt that emulated the power loss must not end the next agent too.
            Thread.interrupted();
            // A device that loses power does not stop its agent, it only loses its sockets (an HTTP client is the
            // emulator's, left open for the next one): during a soak, the next agent counts an unexpected restart.
            current.halt();
            restarts.incrementAndGet();
        }
    }

    private void reached(UpdateStep step) throws InterruptedException {
        if (faults.crashAt().equals(Optional.of(step)) && crashUsed.compareAndSet(false, true)) {
            crashPending.set(true);
            // Power is gone: nothing after this step runs.
            throw new InterruptedException("emulated power loss at " + step);
        }
    }

    private HealthResult check(TrialSlot trial) throws Exception {
        if (faults.unhealthy()) {
            return new HealthResult.Unhealthy("emulated fault: the new software does not come up");
        }
        return healthCheck.check(trial);
    }

    /** Stops the agent and the device's relays. */
    @Override
    public void close() {
        stopping = true;
        thread.interrupt();
        try {
            thread.join(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        link.close();
    }
}
