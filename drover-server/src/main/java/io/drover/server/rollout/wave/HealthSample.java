package io.drover.server.rollout.wave;

/** How many devices of a group reported on their health during a soak, and how many of them reported trouble. */
public record HealthSample(long devices, long troubled) {
    public static final HealthSample NONE = new HealthSample(0, 0);

    public HealthSample {
        if (devices < 0 || troubled < 0 || troubled > devices) {
            throw new IllegalArgumentException("need 0 <= troubled <= devices, got " + troubled + " of " + devices);
        }
    }

    /** The troubled share in percent; a group with no reports counts as untroubled. */
    public double troubledPercent() {
        return devices == 0 ? 0 : 100.0 * troubled / devices;
    }
}
