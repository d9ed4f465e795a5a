package io.drover.server.rollout.wave;

import java.time.Instant;
import java.util.Locale;

/**
 * Decides a running rollout's next move from its current wave's progress: halt as soon as failures or post-install
 * health cross a limit, otherwise move on once the soak has passed and enough devices installed. The last wave
 * completes once every one of its devices has finished (installed or failed). Devices the compatibility policy keeps
 * from the release are left out of every share and count. Pure, so that
 * every node of a cluster reaches the same decision from the same counts, and tests drive it with any clock.
 */
public final class WaveJudge {
    private WaveJudge() {}

    public static WaveDecision judge(WavePlan plan, WaveProgress progress, Instant now) {
        Wave wave = plan.wave(progress.index());
        String label = "wave " + (progress.index() + 1);
        if (wave.maxFailures() != null && progress.failed() > wave.maxFailures()) {
            return new WaveDecision.Halt(label + ": " + progress.failed() + " devices failed, more than the "
                    + wave.maxFailures() + " allowed");
        }
        if (wave.maxFailurePercent() != null && progress.eligible() > 0
                && 100.0 * progress.failed() / progress.eligible() > wave.maxFailurePercent()) {
            return new WaveDecision.Halt(label + ": " + progress.failed() + " of " + progress.eligible()
                    + " devices failed, more than " + wave.maxFailurePercent() + " %");
        }
        if (plan.healthGate().isPresent() && progress.updatedHealth().devices() >= plan.healthGate().get().minDevices()
                && worse(plan.healthGate().get(), progress)) {
            return healthHalt(label, plan.healthGate().get(), progress);
        }
        Instant soakEnds = progress.startedAt().plus(wave.soak());
        if (now.isBefore(soakEnds)) {
            return new WaveDecision.Hold(label + " soaks until " + soakEnds);
        }
        if (progress.succeeded() * 100.0 < wave.successPercent() * progress.eligible()) {
            return new WaveDecision.Hold(label + ": " + progress.succeeded() + " of " + progress.eligible()
                    + " devices installed, " + wave.successPercent() + " % needed");
        }
        if (plan.healthGate().isPresent()) {
            // A wave smaller than the gate's sample size is judged on all its updated devices.
            HealthGate gate = plan.healthGate().get();
            long needed = Math.min(gate.minDevices(), progress.succeeded());
            if (progress.updatedHealth().devices() < needed) {
                return new WaveDecision.Hold(label + ": " + progress.updatedHealth().devices()
                        + " updated devices reported their health, " + needed + " needed");
            }
            if (worse(gate, progress)) {
                return healthHalt(label, gate, progress);
            }
        }
        if (!plan.isLast(progress.index())) {
            return new WaveDecision.Promote();
        }
        long open = progress.eligible() - progress.succeeded() - progress.failed();
        return open > 0
                ? new WaveDecision.Hold(label + ": " + open + " devices have not finished")
                : new WaveDecision.Complete();
    }

    private static boolean worse(HealthGate gate, WaveProgress progress) {
        return progress.updatedHealth().troubledPercent() - progress.baselineHealth().troubledPercent()
                > gate.marginPercent();
    }

    private static WaveDecision.Halt healthHalt(String label, HealthGate gate, WaveProgress progress) {
        HealthSample updated = progress.updatedHealth();
        HealthSample baseline = progress.baselineHealth();
        return new WaveDecision.Halt(String.format(Locale.ROOT, "%s: health gate: %.1f %% of %d updated devices reported trouble "
                        + "against %.1f %% of %d not yet updated, more than %s points worse", label,
                updated.troubledPercent(), updated.devices(), baseline.troubledPercent(), baseline.devices(),
                gate.marginPercent()), true);
    }
}
