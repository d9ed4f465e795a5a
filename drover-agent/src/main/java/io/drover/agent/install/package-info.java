/**
 * Completing the inactive slot, swapping it in on trial, and judging the trial.
 */
package io.drover.agent.install;
