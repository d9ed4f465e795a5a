package io.drover.server.rollout;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * This node's copy of every device class's answer mark ({@link AssignmentService#answerMarks()}), so that idle
 * tickets are answered without the database. The copy is read again once it is older than {@link #MAX_AGE}, so a
 * change made on another node voids tickets here within that time; and at once after {@link #invalidate()}, which
 * this node calls after each change of its own (a management write, a controller pass), so that on one node a
 * check-in never sees less than what was already changed.
 */
public final class AnswerMarks {
    /** How stale this node's copy may get: the bound on how late a change on another node reaches idle tickets. */
    public static final Duration MAX_AGE = Duration.ofSeconds(1);

    private record Copy(Map<Long, String> marks, long readAtNanos, long generation) {}

    private final Supplier<Map<Long, String>> read;
    private final AtomicLong generation = new AtomicLong();
    private volatile Copy copy;

    /** @param read reads every class's mark from the store ({@link AssignmentService#answerMarks()}) */
    public AnswerMarks(Supplier<Map<Long, String>> read) {
        this.read = read;
    }

    /** The answer mark of the class, fresh as {@link #MAX_AGE} allows; empty for a class without one yet. */
    public String of(long classDbId) {
        Copy current = copy;
        if (!fresh(current)) {
            current = readAgain();
        }
        return current.marks().getOrDefault(classDbId, "");
    }

    /** Makes the next {@link #of} read the marks again: this node just changed something they may reflect. */
    public void invalidate() {
        generation.incrementAndGet();
    }

    private boolean fresh(Copy current) {
        return current != null && current.generation() == generation.get()
                && System.nanoTime() - current.readAtNanos() < MAX_AGE.toNanos();
    }

    private synchronized Copy readAgain() {
        Copy current = copy;
        if (fresh(current)) {
            return current; // another thread read them while this one waited
        }
        // Both taken before the read: a change committed during it leaves the copy stale, never the other way round.
        long generationBefore = generation.get();
        long before = System.nanoTime();
        current = new Copy(Map.copyOf(read.get()), before, generationBefore);
        copy = current;
        return current;
    }
}
