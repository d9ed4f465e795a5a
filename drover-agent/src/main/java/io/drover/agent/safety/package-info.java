/**
 * Safety conditions: what must hold before the agent downloads and installs a verified release (maintenance
 * windows, device attributes such as {@code in_depot}, battery level, a device-specific command), combined by a
 * {@link io.drover.agent.safety.SafetyPolicy}. While a condition waits, an update cycle ends as
 * {@link io.drover.agent.CycleOutcome.Waiting} and the agent keeps polling.
 */
package io.drover.agent.safety;
