package io.drover.agent.health;

import io.drover.agent.slot.SlotId;
import io.drover.agent.slot.SlotView;
import java.io.InputStream;
import java.util.Map;
import java.util.Set;

/** A trial slot for checks that look at the application, not at the images. */
final class TrialSlots {
    private TrialSlots() {}

    static TrialSlot sequence(long sequenceNumber) {
        return new TrialSlot(new SlotView() {
            @Override
            public SlotId id() {
                return SlotId.B;
            }

            @Override
            public Set<String> components() {
                return Set.of();
            }

            @Override
            public InputStream open(String component) {
                throw new UnsupportedOperationException("this check reads no image");
            }
        }, sequenceNumber, Map.of());
    }
}
