/**
 * The A/B image slots: the {@link io.drover.agent.slot.SlotStore} platform hook and its file-backed default.
 */
package io.drover.agent.slot;
