package io.drover.suit.processor.internal;

import io.drover.suit.EnvelopeVerifier;
import io.drover.suit.processor.ComponentRef;
import io.drover.suit.processor.ConditionProvider;
import io.drover.suit.processor.Platform;
import io.drover.suit.report.SuitRecord;
import io.drover.suit.trust.TrustPolicy;
import java.io.IOException;
import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The state one run shares across its manifests (root and dependencies): the platform and device answers, the
 * records collected so far, what was staged and whether an image-match vouched for it, and fetched dependency
 * envelopes by their manifest path.
 */
public final class Session {
    final Platform platform;
    final ConditionProvider conditions;
    final Clock clock;
    final TrustPolicy policy;
    final EnvelopeVerifier verifier;
    final Recorder recorder = new Recorder();
    /** Staged components, in staging order; false while content from outside the manifest awaits an image-match. */
    private final Map<ComponentRef, Boolean> staged = new LinkedHashMap<>();
    private final Map<List<Long>, byte[]> dependencies = new HashMap<>();

    public Session(Platform platform, ConditionProvider conditions, Clock clock, TrustPolicy policy,
            EnvelopeVerifier verifier) {
        this.platform = platform;
        this.conditions = conditions;
        this.clock = clock;
        this.policy = policy;
        this.verifier = verifier;
    }

    /** The records collected so far, in the order the commands ran. */
    public List<SuitRecord> records() {
        return recorder.records();
    }

    /** Whether the staged content of {@code ref} came from the manifest itself or passed an image-match. */
    public boolean vouchedFor(ComponentRef ref) {
        return staged.getOrDefault(ref, false);
    }

    public List<ComponentRef> stagedInOrder() {
        return List.copyOf(staged.keySet());
    }

    void staged(ComponentRef ref, boolean vouchedFor) {
        staged.put(ref, vouchedFor);
    }

    /**
     * Discards what was first staged after {@code before} was taken: the writes of a try-each alternative that
     * failed, so that an alternative that did not hold leaves nothing behind to commit.
     */
    void discardStagedSince(Set<ComponentRef> before) throws IOException {
        for (ComponentRef ref : List.copyOf(staged.keySet())) {
            if (!before.contains(ref)) {
                platform.discard(ref);
                staged.remove(ref);
            }
        }
    }

    void matched(ComponentRef ref) {
        staged.computeIfPresent(ref, (r, v) -> true);
    }

    void dependency(List<Long> path, byte[] envelope) {
        dependencies.put(List.copyOf(path), envelope.clone());
    }

    Optional<byte[]> dependency(List<Long> path) {
        return Optional.ofNullable(dependencies.get(path)).map(byte[]::clone);
    }
}
