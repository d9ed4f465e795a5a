package io.drover.server.rollout.wave;

/**
 * Post-install health, compared: a wave may move on only if the share of its updated devices that reported
 * trouble (extra reboots, failed health checks, a bad application metric) during the soak is at most
 * {@code marginPercent} points above that share among the class's devices not yet updated. Needs at least
 * {@code minDevices} updated devices that reported, so that one unlucky device does not halt a large rollout. With
 * {@code rollbackOnHalt}, a halt by this gate also tells the devices that installed the release to return to what
 * they ran before.
 */
public record HealthGate(double marginPercent, long minDevices, Boolean rollbackOnHalt) {
    /** A gate that halts and leaves the updated devices as they are. */
    public HealthGate(double marginPercent, long minDevices) {
        this(marginPercent, minDevices, false);
    }

    public HealthGate {
        // Left out (and in plans stored before it existed): no rollback.
        rollbackOnHalt = Boolean.TRUE.equals(rollbackOnHalt);
        if (!(marginPercent >= 0 && marginPercent <= 100)) {
            throw Wave.invalid("a health gate's marginPercent must be from 0 to 100: " + marginPercent);
        }
        if (minDevices < 1) {
            throw Wave.invalid("a health gate's minDevices must be at least 1: " + minDevices);
        }
    }
}
