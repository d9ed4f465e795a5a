package io.drover.server.rollout;

import io.drover.server.fleet.DeviceTraitsService;
import io.drover.server.ledger.Ledger;
import io.drover.server.rollout.wave.HealthGate;
import io.drover.server.rollout.wave.HealthSample;
import io.drover.server.rollout.wave.WaveDecision;
import io.drover.server.rollout.wave.WaveJudge;
import io.drover.server.rollout.wave.WaveProgress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves running rollouts through their waves: sizes a new rollout's waves, then at every pass asks the
 * {@link WaveJudge} and applies its decision — promote, complete or halt — with an event saying why; a halt by the
 * health gate of a rollout that asks for it also orders its updated devices to roll back ({@link RollbackOrders}).
 * Each rollout is judged under its row lock, so with several server nodes each decision is applied exactly once.
 */
public final class RolloutController implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RolloutController.class);

    private final Jdbi jdbi;
    private final AnswerMarks marks;
    private final DeviceTraitsService traits;
    private final HealthReports health;
    private final RolloutEvents events;
    private final Clock clock;
    private ScheduledExecutorService schedule;

    public RolloutController(Jdbi jdbi, DeviceTraitsService traits, HealthReports health, Ledger ledger,
            AnswerMarks marks, Clock clock) {
        this.jdbi = jdbi;
        this.marks = marks;
        this.traits = traits;
        this.health = health;
        this.events = new RolloutEvents(ledger);
        this.clock = clock;
    }

    /** Runs {@link #pass} every {@code interval} on a thread of its own until closed. */
    public void runEvery(Duration interval) {
        schedule = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("drover-rollouts").daemon().factory());
        schedule.scheduleWithFixedDelay(() -> {
            try {
                pass();
            } catch (RuntimeException e) {
                // The next pass tries again; a failing database must not stop the schedule.
                log.warn("rollout pass failed: {}", e.toString());
            }
        }, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Judges every running rollout once. */
    public void pass() {
        List<Long> running = jdbi.withHandle(h -> StoredRollout.running(h).stream().map(StoredRollout::id).toList());
        try {
            for (long id : running) {
                jdbi.useTransaction(h -> judge(h, id));
            }
        } finally {
            marks.invalidate(); // a wave promoted or a rollout halted changes answers
        }
    }

    @Override
    public void close() {
        if (schedule != null) {
            schedule.shutdownNow();
        }
    }

    private void judge(Handle h, long id) {
        StoredRollout rollout = StoredRollout.lock(h, id);
        if (rollout.status() != RolloutStatus.RUNNING) {
            return; // changed since the list was read
        }
        Map<Integer, Long> sizes = WaveSizes.read(h, id);
        if (sizes.isEmpty()) {
            sizes = WaveSizes.count(h, rollout, traits);
        }
        Instant now = clock.instant();
        WaveDecision decision = WaveJudge.judge(rollout.plan(),
                progress(h, rollout, sizes, WaveCounters.read(h, id), health), now);
        String wave = "wave " + (rollout.currentWave() + 1);
        switch (decision) {
            case WaveDecision.Hold hold -> { }
            case WaveDecision.Promote promote -> {
                if (!rollout.change(h, RolloutStatus.RUNNING, null, rollout.currentWave() + 1, now)) {
                    return; // changed under the lock by an operator's guarded write; the next pass judges again
                }
                events.changed(h, rollout, now, RolloutEvents.CONTROLLER, "promoted",
                        wave + " met its thresholds; wave " + (rollout.currentWave() + 2) + " starts");
                log.info("rollout {}: {} done, promoted", id, wave);
            }
            case WaveDecision.Complete complete -> {
                if (!rollout.change(h, RolloutStatus.COMPLETED, null, rollout.currentWave(), rollout.waveStartedAt())) {
                    return; // changed under the lock by an operator's guarded write; the next pass judges again
                }
                events.changed(h, rollout, now, RolloutEvents.CONTROLLER, "completed", wave + " met its thresholds");
                log.info("rollout {} completed", id);
            }
            case WaveDecision.Halt halt -> {
                if (!rollout.change(h, RolloutStatus.HALTED, halt.reason(), rollout.currentWave(), rollout.waveStartedAt())) {
                    return; // changed under the lock by an operator's guarded write; the next pass judges again
                }
                boolean rollBack = halt.byHealthGate()
                        && rollout.plan().healthGate().map(HealthGate::rollbackOnHalt).orElse(false);
                if (rollBack) {
                    rollout.orderRollback(h, now);
                }
                events.changed(h, rollout, now, RolloutEvents.CONTROLLER, "halted", halt.reason() + (rollBack
                        ? "; the devices that installed release " + rollout.releaseId() + " are told to roll back"
                        : ""));
                log.warn("rollout {} halted{}: {}", id, rollBack ? " with rollback" : "", halt.reason());
            }
        }
    }

    /** What the current wave of a running rollout waits for, as the judge sees it now; null when it would move on. */
    static String nextStep(Handle h, StoredRollout rollout, Map<Integer, Long> sizes,
            Map<Integer, Map<ReportStatus, Long>> counts, HealthReports health, Instant now) {
        if (sizes.isEmpty()) {
            return "counting the devices of each wave";
        }
        WaveProgress progress = progress(h, rollout, sizes, counts, health);
        return switch (WaveJudge.judge(rollout.plan(), progress, now)) {
            case WaveDecision.Hold hold -> hold.why();
            case WaveDecision.Promote promote -> "promotion at the next controller pass";
            case WaveDecision.Complete complete -> "completion at the next controller pass";
            case WaveDecision.Halt halt -> "halt at the next controller pass: " + halt.reason();
        };
    }

    private static WaveProgress progress(Handle h, StoredRollout rollout, Map<Integer, Long> sizes,
            Map<Integer, Map<ReportStatus, Long>> counts, HealthReports health) {
        int wave = rollout.currentWave();
        Map<ReportStatus, Long> reports = counts.getOrDefault(wave, Map.of());
        boolean gated = rollout.plan().healthGate().isPresent();
        return new WaveProgress(wave, rollout.waveStartedAt(), sizes.getOrDefault(wave, 0L),
                reports.getOrDefault(ReportStatus.SUCCESS, 0L), reports.getOrDefault(ReportStatus.FAILURE, 0L),
                reports.getOrDefault(ReportStatus.INCOMPATIBLE, 0L),
                gated ? health.updated(h, rollout) : HealthSample.NONE,
                gated ? health.baseline(h, rollout) : HealthSample.NONE);
    }
}
