package io.drover.agent;

/**
 * Told each {@link UpdateStep} as an update reaches it, synchronously on the thread that runs the cycle: the update
 * goes on when it returns. It may block (a rehearsal pauses the agent there); an interrupt while it blocks, or an
 * {@link InterruptedException} it throws, ends the cycle at that step as an interrupt at any other point does, and
 * the next start carries on from what was saved. Any other exception is logged and ignored.
 */
@FunctionalInterface
public interface StepListener {
    void reached(UpdateStep step) throws InterruptedException;
}
