package io.drover.sim;

import io.drover.agent.slot.FileSlotStore;
import io.drover.agent.slot.ImageDigest;
import io.drover.agent.slot.SlotStore;
import io.drover.agent.state.AgentState;
import io.drover.agent.state.StateStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a device would boot, read from its data directory the way a restarted agent reads it: the saved state (the
 * factory state before the first save) and the images of the active slot it names. Read it with the agent stopped.
 *
 * @param state the state a restart would load; empty when the saved state is unreadable, which the agent refuses
 *     to guess past
 * @param problems why the device would not boot a valid slot, one line each; empty when it would
 */
public record BootAudit(Optional<AgentState> state, List<String> problems) {
    public BootAudit {
        Objects.requireNonNull(state, "state");
        problems = List.copyOf(problems);
    }

    /**
     * @param factoryInventory what the device left the factory with
     * @param factoryImages the digests of its factory images, which the agent measures only when it needs them
     */
    public static BootAudit of(Path dataDir, Map<String, String> factoryInventory,
            Map<String, ImageDigest> factoryImages) {
        AgentState state;
        try {
            state = new StateStore(dataDir).load().orElseGet(() -> AgentState.factory(factoryInventory));
        } catch (IOException e) {
            return new BootAudit(Optional.empty(), List.of("its state is unreadable: " + e.getMessage()));
        }
        SlotStore slots = new FileSlotStore(dataDir);
        List<String> problems = new ArrayList<>();
        for (String component : state.inventory().keySet()) {
            ImageDigest expected = state.images().getOrDefault(component, factoryImages.get(component));
            String where = component + " in its active slot " + state.activeSlot();
            try (InputStream image = slots.open(state.activeSlot(), component)) {
                ImageDigest actual = ImageDigest.of(image);
                if (expected == null) {
                    problems.add(where + ": no digest to check it against");
                } else if (!actual.equals(expected)) {
                    problems.add(where + " is " + actual + ", not " + expected);
                }
            } catch (NoSuchFileException e) {
                problems.add(where + " is missing");
            } catch (IOException e) {
                problems.add(where + " is unreadable: " + e.getMessage());
            }
        }
        return new BootAudit(Optional.of(state), problems);
    }

    /** The device would not boot a valid slot. */
    public boolean bricked() {
        return !problems.isEmpty();
    }
}
