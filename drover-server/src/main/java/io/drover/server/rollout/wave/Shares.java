package io.drover.server.rollout.wave;

/** Device shares are drawn in parts per million, so a first wave can be as small as 0.0001 % of a billion devices. */
final class Shares {
    static final long PER_MILLION = 1_000_000;
    static final long PER_PERCENT = PER_MILLION / 100;

    private Shares() {}
}
