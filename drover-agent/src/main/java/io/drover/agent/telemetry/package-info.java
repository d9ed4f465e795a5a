/**
 * What the agent tells its server besides install reports: the device's attributes, which rollouts target it by,
 * and its health while a new release soaks, which rollouts' health gates compare. Neither ever stops an update: a
 * failed send is logged and tried again at a later cycle.
 */
package io.drover.agent.telemetry;
