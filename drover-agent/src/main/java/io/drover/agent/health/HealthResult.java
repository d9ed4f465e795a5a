package io.drover.agent.health;

/** What a health check concluded about a slot on trial. */
public sealed interface HealthResult permits HealthResult.Healthy, HealthResult.Unhealthy {

    record Healthy() implements HealthResult {}

    /** @param reason for the operator, sent in the FAILURE report */
    record Unhealthy(String reason) implements HealthResult {
        public Unhealthy {
            if (reason == null || reason.isBlank()) {
                throw new IllegalArgumentException("an unhealthy result needs a reason");
            }
        }
    }
}
