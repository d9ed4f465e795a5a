/**
 * The Drover device agent. Entry point: {@link io.drover.agent.Agent}, built from an
 * {@link io.drover.agent.AgentConfig}; each cycle ends in a {@link io.drover.agent.CycleOutcome} whose failure codes
 * are listed in {@link io.drover.agent.AgentErrors}.
 */
package io.drover.agent;
