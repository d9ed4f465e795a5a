/**
 * What the agent remembers across restarts, saved atomically in {@code dataDir/state.json}.
 */
package io.drover.agent.state;
