/**
 * A rollout's safety conditions as server and agent exchange them: maintenance windows and device attributes a
 * device must meet before it installs. The server validates and stores them with the rollout and sends them in each
 * check-in assignment; the agent judges them together with its own policy (the server judges them itself for
 * devices that run no agent, such as LwM2M clients). One record, and one {@link io.drover.safety.WindowCalendar}, so
 * both sides read the same format the same way.
 */
package io.drover.safety;
