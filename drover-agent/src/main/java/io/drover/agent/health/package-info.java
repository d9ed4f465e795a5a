/**
 * The {@link io.drover.agent.health.HealthCheck} platform hook that decides whether a newly installed slot is kept,
 * and its default, which re-reads every image.
 */
package io.drover.agent.health;
