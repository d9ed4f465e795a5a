package io.drover.agent.health;

/**
 * Platform hook: decides whether the slot swapped in on trial works. The agent commits the slot only on
 * {@link HealthResult.Healthy}; an {@link HealthResult.Unhealthy} result, an exception, or a check that outlives the
 * agent's timeout rolls back. A check may be run again for the same trial after a restart, so it must not assume
 * it runs once. {@link ImageDigestHealthCheck} is the default.
 */
@FunctionalInterface
public interface HealthCheck {
    HealthResult check(TrialSlot trial) throws Exception;
}
