package io.drover.cli.sim;

import io.drover.agent.slot.SlotId;
import io.drover.agent.state.AgentState;
import io.drover.cli.sim.SimSummary.DeviceEnd;
import io.drover.cli.sim.SimSummary.FaultTally;
import io.drover.cli.sim.SimSummary.RolloutEnd;
import io.drover.sim.BootAudit;
import io.drover.sim.DeviceFaults;
import io.drover.sim.FaultKind;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Judges where each device of a simulation ended, from what it would boot (its data directory), against what its
 * class, faults and rollout predict and against what the server recorded: its last report on the rollout (which must be signed
 * by the device and verified) and its inventory.
 */
final class SimVerdict {
    private final Map<String, String> oldInventory;
    private final Map<String, String> newInventory;
    private final long newSequence;
    private final Map<FaultKind, FaultTally> faults = new EnumMap<>(FaultKind.class);
    private static final Set<String> FINAL = Set.of("SUCCESS", "FAILURE");

    private final Map<String, Integer> failureReasons = new HashMap<>();
    private final Map<String, Integer> waitingReasons = new HashMap<>();
    private final Map<String, RolloutEnd> rollouts = new HashMap<>();
    private final List<String> mismatches = new ArrayList<>();
    private int devices;
    private int updated;
    private int rolledBack;
    private int unchanged;
    private int bricked;
    private int restarts;

    /** Every device runs {@code oldInventory} from the factory; release {@code newSequence} brings {@code newInventory}. */
    SimVerdict(Map<String, String> oldInventory, Map<String, String> newInventory, long newSequence) {
        this.oldInventory = Map.copyOf(oldInventory);
        this.newInventory = Map.copyOf(newInventory);
        this.newSequence = newSequence;
    }

    /**
     * What the scenario holds for one device.
     *
     * @param blocked its installs wait for a condition that never holds, so it keeps its old version and says why
     * @param rolloutHalted its class's rollout halted, so it may keep its old version without a final report
     */
    record Expected(DeviceFaults faults, boolean blocked, boolean rolloutHalted) {
        Expected {
            Objects.requireNonNull(faults, "faults");
        }

        /** Where it may end: the end its faults predict, or unchanged when nothing let the update reach it. */
        Set<DeviceEnd> ends() {
            DeviceEnd predicted = blocked ? DeviceEnd.UNCHANGED
                    : faults.unhealthy() ? DeviceEnd.ROLLED_BACK : DeviceEnd.UPDATED;
            return rolloutHalted ? EnumSet.of(predicted, DeviceEnd.UNCHANGED) : EnumSet.of(predicted);
        }
    }

    /**
     * @param report the device's last report status on its rollout ("NONE" when it sent none), with its reason
     * @param verified whether the server verified that report's signature against the device's identity key: a
     *     device's last report is a final one, which it signs
     * @param serverInventory what the server records the device runs
     */
    void add(String id, Expected expected, int deviceRestarts, BootAudit disk, String report, String reason,
            boolean verified, Map<String, String> serverInventory) {
        devices++;
        restarts += deviceRestarts;
        if (disk.bricked()) {
            bricked++;
            mismatches.add(id + ": bricked: " + String.join("; ", disk.problems()));
        }
        Optional<AgentState> state = disk.state();
        String runs = state.map(s -> s.inventory() + " in slot " + s.activeSlot()
                + (s.trial() == null ? "" : ", slot " + s.trial().slot() + " on trial")).orElse("(unreadable)");
        DeviceEnd end = end(state, disk.bricked(), report);
        switch (end) {
            case UPDATED -> updated++;
            case ROLLED_BACK -> rolledBack++;
            case UNCHANGED -> unchanged++;
            case FAILED -> { }
        }
        if (report.equals("FAILURE")) {
            failureReasons.merge(errorCodeOf(reason), 1, Integer::sum);
        }
        if (report.equals("WAITING")) {
            waitingReasons.merge(String.valueOf(reason), 1, Integer::sum);
        }
        // A blocked device must say why it keeps its old version, unless its rollout never reached it.
        boolean silentlyBlocked = expected.blocked() && !expected.rolloutHalted() && !report.equals("WAITING");
        if (!expected.ends().contains(end) || silentlyBlocked) {
            mismatches.add(id + ": predicted " + describe(expected) + ", runs " + runs + ", server report " + report
                    + (reason == null ? "" : " (" + reason + ")"));
        }
        if (FINAL.contains(report) && !verified) {
            mismatches.add(id + ": the server holds no verified signed report");
        }
        state.filter(s -> !s.inventory().equals(serverInventory)).ifPresent(s -> mismatches.add(
                id + ": runs " + s.inventory() + ", the server records " + serverInventory));
        for (FaultKind kind : expected.faults().kinds()) {
            faults.put(kind, faults.getOrDefault(kind, FaultTally.NONE).plus(end));
        }
    }

    /** Records how {@code className}'s rollout ended. */
    void rollout(String className, RolloutEnd end) {
        rollouts.put(className, end);
    }

    SimSummary summary(long rolloutMillis, long wallMillis, long heapPerIdleAgentBytes) {
        return new SimSummary(devices, updated, rolledBack, unchanged, devices - updated - rolledBack - unchanged,
                bricked, restarts, failureReasons, waitingReasons, rollouts, faults, mismatches, rolloutMillis,
                wallMillis, heapPerIdleAgentBytes);
    }

    /**
     * Updated, rolled back or unchanged only when the disk and the report agree (unchanged: the old version and no
     * final report); anything else is failed.
     */
    private DeviceEnd end(Optional<AgentState> state, boolean bricked, String report) {
        if (state.isEmpty() || bricked || state.get().trial() != null) {
            return DeviceEnd.FAILED;
        }
        AgentState s = state.get();
        boolean onNew = newInventory.equals(s.inventory()) && s.activeSlot() == SlotId.B
                && s.installedSequence() == newSequence;
        boolean onOld = oldInventory.equals(s.inventory()) && s.activeSlot() == SlotId.A
                && s.installedSequence() == 0;
        if (onNew && report.equals("SUCCESS")) {
            return DeviceEnd.UPDATED;
        }
        if (onOld && report.equals("FAILURE")) {
            return DeviceEnd.ROLLED_BACK;
        }
        if (onOld && !FINAL.contains(report)) {
            return DeviceEnd.UNCHANGED;
        }
        return DeviceEnd.FAILED;
    }

    private static String describe(Expected expected) {
        if (expected.blocked() && !expected.rolloutHalted()) {
            return "waiting";
        }
        return String.join(" or ", expected.ends().stream().map(end -> switch (end) {
            case UPDATED -> "updated";
            case ROLLED_BACK -> "rolled back";
            case UNCHANGED -> "unchanged";
            case FAILED -> "failed";
        }).toList());
    }

    /** Reasons start with the agent's error code ("agent.health-check-failed: …"); the code groups them. */
    private static String errorCodeOf(String reason) {
        if (reason == null) {
            return "(no reason)";
        }
        int colon = reason.indexOf(':');
        return colon > 0 ? reason.substring(0, colon) : reason;
    }
}
