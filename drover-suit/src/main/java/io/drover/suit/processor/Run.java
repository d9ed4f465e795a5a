package io.drover.suit.processor;

import java.util.List;
import java.util.stream.Stream;

/**
 * Which procedure a run performs, with its sequences in the order draft-ietf-suit-manifest-37 and
 * trust-domains-11 give. Staged writes are committed between {@link #beforeCommit()} and {@link #afterCommit()}.
 */
public enum Run {
    /**
     * Dependency resolution, payload fetch, candidate verification and install; then validate, so that what was
     * staged is checked once more before it is committed.
     */
    UPDATE(List.of(15, 16, 18, 20, 7), List.of()),
    /** Secure boot: validate and load, commit what load staged (e.g. an image copied to RAM), then invoke. */
    INVOKE(List.of(7, 8), List.of(9));

    private final List<Integer> beforeCommit;
    private final List<Integer> afterCommit;

    Run(List<Integer> beforeCommit, List<Integer> afterCommit) {
        this.beforeCommit = beforeCommit;
        this.afterCommit = afterCommit;
    }

    /** Manifest member labels of the sequences run before staged writes are committed. */
    public List<Integer> beforeCommit() {
        return beforeCommit;
    }

    public List<Integer> afterCommit() {
        return afterCommit;
    }

    /** Every sequence the run may use, in order. */
    public List<Integer> sequences() {
        return Stream.concat(beforeCommit.stream(), afterCommit.stream()).toList();
    }
}
