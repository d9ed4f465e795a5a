/**
 * Helpers the agent's feature packages share. No promise: anything here may change without notice.
 */
package io.drover.agent.internal;
