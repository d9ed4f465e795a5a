package io.drover.sim;

import io.drover.agent.Agent;
import io.drover.agent.AgentStatus;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An emulated fleet: real agents, each polling a real server on its own virtual thread, so thousands fit in one JVM.
 * Closing the fleet stops every agent and waits for it.
 */
public final class Fleet implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Fleet.class);

    private final Map<String, Agent> agents;
    private final List<Thread> threads;
    private volatile boolean stopping;

    private Fleet(Map<String, Agent> agents, Duration pollInterval) {
        this.agents = new LinkedHashMap<>(agents);
        this.threads = this.agents.entrySet().stream()
                .map(e -> Thread.ofVirtual().name("agent-" + e.getKey())
                        .start(() -> e.getValue().runUntil(pollInterval, () -> stopping)))
                .toList();
    }

    /** Starts polling with every agent of {@code agents} (device id → agent); the fleet then owns and closes them. */
    public static Fleet start(Map<String, Agent> agents, Duration pollInterval) {
        Objects.requireNonNull(pollInterval, "pollInterval");
        if (pollInterval.isNegative() || pollInterval.isZero()) {
            throw new IllegalArgumentException("pollInterval must be positive");
        }
        return new Fleet(agents, pollInterval);
    }

    /** Each device's current status, in the order the fleet was given. */
    public Map<String, AgentStatus> statuses() {
        Map<String, AgentStatus> statuses = new LinkedHashMap<>();
        agents.forEach((id, agent) -> statuses.put(id, agent.status()));
        return statuses;
    }

    @Override
    public void close() {
        stopping = true;
        threads.forEach(Thread::interrupt);
        for (Thread thread : threads) {
            try {
                thread.join(Duration.ofSeconds(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            if (thread.isAlive()) {
                LOG.warn("{} did not stop within 10 s", thread.getName());
            }
        }
        agents.values().forEach(Agent::close);
    }
}
