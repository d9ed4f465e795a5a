package io.drover.agent.safety;

/**
 * Platform hook: something that must hold before the device downloads and installs a verified release (a
 * maintenance window, "in depot", enough battery, an application that says it is idle). It is asked once per
 * update cycle and must answer quickly; it never blocks until it holds, because the agent keeps polling and
 * answering its server while it waits. The vocabulary follows SUIT update management's wait events
 * ({@code io.drover.suit.processor.WaitEvent}), judged here by the agent rather than by a manifest.
 */
@FunctionalInterface
public interface SafetyCondition {
    Verdict check();
}
