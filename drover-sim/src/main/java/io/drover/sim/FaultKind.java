package io.drover.sim;

/** The kinds of fault an emulated device can have (see {@link DeviceFaults}); one device may have several. */
public enum FaultKind {
    /** Delay, jitter, a slow line and connections that drop now and then. */
    POOR_LINK,
    /** Bytes from the server corrupted on the way. */
    CORRUPTION,
    /** Power lost the first time an update reaches a given step ({@link DeviceFaults#crashAt}). */
    CRASH,
    /** Every new slot fails its health check. */
    UNHEALTHY,
    /** The device's clock is off. */
    CLOCK_SKEW,
    /** The device is silent for a while before its first check-in. */
    OFFLINE_AT_START
}
