package io.drover.server.rollout.wave;

/** What a rollout does next with its current wave. */
public sealed interface WaveDecision {

    /** Stay in the wave; {@code why} says what it waits for. */
    record Hold(String why) implements WaveDecision {}

    /** Start the next wave. */
    record Promote() implements WaveDecision {}

    /** The last wave is done: the rollout is complete. */
    record Complete() implements WaveDecision {}

    /**
     * Stop the rollout; no device starts it any more. {@code reason} is recorded for the operator; {@code byHealthGate}
     * says the updated devices' health, not install failures, stopped it.
     */
    record Halt(String reason, boolean byHealthGate) implements WaveDecision {
        public Halt(String reason) {
            this(reason, false);
        }
    }
}
