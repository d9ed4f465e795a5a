package io.drover.agent;

import io.drover.agent.ledger.LedgerAlarm;
import io.drover.agent.slot.SlotId;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A snapshot of what the device runs.
 *
 * @param installedSequence manifest sequence number of the active release, 0 for the factory image
 * @param lastOutcome how the last cycle of this agent instance ended; empty before the first
 * @param ledgerAlarm the ledger fork alarm that stands, if any: the device installs nothing while it does
 */
public record AgentStatus(SlotId activeSlot, long installedSequence, Map<String, String> inventory,
        Optional<CycleOutcome> lastOutcome, Optional<LedgerAlarm> ledgerAlarm) {
    public AgentStatus {
        Objects.requireNonNull(activeSlot, "activeSlot");
        inventory = Map.copyOf(Objects.requireNonNull(inventory, "inventory"));
        Objects.requireNonNull(lastOutcome, "lastOutcome");
        Objects.requireNonNull(ledgerAlarm, "ledgerAlarm");
    }
}
