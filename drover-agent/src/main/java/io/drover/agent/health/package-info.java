/**
 * The {@link io.drover.agent.health.HealthCheck} platform hook that decides whether a newly installed slot is kept;
 * its default, which re-reads every image; and checks of the application started from the new slot: a command, an
 * HTTP probe, or the application's own report.
 */
package io.drover.agent.health;
