/**
 * Drover's native device API ({@code /device/v1}) as the agent speaks it over {@code java.net.http}.
 */
package io.drover.agent.transport;
