package io.drover.agent.slot;

/** One of the device's two image slots. Exactly one is active; the other receives the next update. */
public enum SlotId {
    A,
    B;

    public SlotId other() {
        return switch (this) {
            case A -> B;
            case B -> A;
        };
    }
}
