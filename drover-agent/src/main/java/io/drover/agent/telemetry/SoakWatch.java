package io.drover.agent.telemetry;

import io.drover.agent.install.TrialInstaller;
import io.drover.agent.install.TrialVerdict;
import io.drover.agent.internal.AtomicFiles;
import io.drover.agent.internal.Json;
import io.drover.agent.state.AgentState;
import io.drover.agent.transport.DeviceApi;
import io.drover.error.DroverException;
import java.io.IOException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports the device's health for a soak period after each install ({@code POST /device/v1/health}), so that a
 * rollout's health gate can compare updated devices with the rest: at most every {@code interval}, the agent runs its
 * health check on the committed slot again, and counts the starts that followed no stop (the device lost power,
 * crashed or was reset) as trouble. The soak survives restarts in {@code dataDir/soak.json}; it ends when its period
 * is over or another release is installed. A report that cannot be sent is tried again at the next cycle.
 */
public final class SoakWatch {
    private static final Logger log = LoggerFactory.getLogger(SoakWatch.class);
    /** The server keeps at most this much of a trouble description. */
    private static final int MAX_TROUBLE = 1000;

    private final Path file;
    private final Duration period;
    private final Duration interval;
    private final Clock clock;
    private final DeviceApi client;
    private final TrialInstaller installer;
    private Soak soak;
    /** Reports are due at once after a start: the server may have missed the last one. */
    private Instant nextReportAt = Instant.MIN;

    private SoakWatch(Path file, Duration period, Duration interval, Clock clock, DeviceApi client,
            TrialInstaller installer, Soak soak) {
        this.file = file;
        this.period = period;
        this.interval = interval;
        this.clock = clock;
        this.client = client;
        this.installer = installer;
        this.soak = soak;
    }

    /**
     * Reads the soak in progress, if any, and counts this start: the previous agent stopped unexpectedly if it did not
     * say it stopped.
     *
     * @param period how long after an install health is reported; zero for not at all
     * @param installer runs the device's health check, within its deadline, on the committed slot
     */
    public static SoakWatch start(Path dataDir, Duration period, Duration interval, Clock clock, DeviceApi client,
            TrialInstaller installer) throws IOException {
        Objects.requireNonNull(period, "period");
        Objects.requireNonNull(interval, "interval");
        if (period.isNegative() || !interval.isPositive()) {
            throw new IllegalArgumentException("a soak needs a period of 0 or more and a positive interval");
        }
        Path file = dataDir.resolve("soak.json");
        Soak soak = read(file).map(Soak::started).orElse(null);
        SoakWatch watch = new SoakWatch(file, period, interval, Objects.requireNonNull(clock, "clock"),
                Objects.requireNonNull(client, "client"), Objects.requireNonNull(installer, "installer"), soak);
        if (soak != null) {
            watch.save(soak);
        }
        return watch;
    }

    /** Starts the soak of a release just committed, replacing any earlier one. */
    public void begin(AgentState committed) {
        Objects.requireNonNull(committed.installedReleaseId(), "a committed release");
        if (period.isZero()) {
            return;
        }
        Soak started = new Soak(committed.installedReleaseId(), committed.installedSequence(),
                clock.instant().plus(period), 0, true);
        try {
            save(started);
        } catch (IOException e) {
            // Health reports are kept up from memory; only restarts during the soak go uncounted.
            log.warn("could not record the soak of release {}: {}", started.releaseId(), e.toString());
            soak = started;
        }
        nextReportAt = Instant.MIN;
    }

    /** Reports the device's health if a soak is on and a report is due. Never fails for a failed send. */
    public void reportIfDue(AgentState state) throws InterruptedException {
        if (soak == null) {
            return;
        }
        Instant now = clock.instant();
        if (!Long.valueOf(soak.releaseId()).equals(state.installedReleaseId()) || !now.isBefore(soak.until())) {
            end();
            return;
        }
        if (now.isBefore(nextReportAt)) {
            return;
        }
        List<String> trouble = new ArrayList<>();
        switch (installer.check(state.activeSlot(), state.installedSequence(), state.images())) {
            case TrialVerdict.Passed passed -> { }
            case TrialVerdict.Failed failed -> trouble.add(failed.message());
        }
        if (soak.unexpectedStarts() > 0) {
            trouble.add(soak.unexpectedStarts() + " unexpected restart(s) since release " + soak.releaseId()
                    + " was installed");
        }
        String described = trouble.isEmpty() ? null : shortened(String.join("; ", trouble));
        try {
            client.reportHealth(trouble.isEmpty(), described);
            nextReportAt = now.plus(interval);
            log.debug("health reported during the soak of release {}: {}", soak.releaseId(),
                    described == null ? "healthy" : described);
        } catch (IOException | DroverException e) {
            log.warn("health report not sent, trying again next cycle: {}", e.toString());
        }
    }

    /** The agent stops as asked: its next start is an expected one. */
    public void stopped() {
        if (soak == null) {
            return;
        }
        // An interrupt is how a daemon is asked to stop, and a file channel refuses to write on an interrupted
        // thread (closing itself when one arrives mid-write): set it aside while the stop is recorded, and write
        // again if one arrived during the write.
        boolean interrupted = false;
        try {
            for (int attempt = 1; ; attempt++) {
                interrupted |= Thread.interrupted();
                try {
                    save(soak.stopped());
                    return;
                } catch (ClosedByInterruptException e) {
                    if (attempt == 3) {
                        throw e;
                    }
                }
            }
        } catch (IOException e) {
            log.warn("could not record the agent's stop during the soak; its next start counts as unexpected: {}",
                    e.toString());
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void end() {
        log.info("soak of release {} over", soak.releaseId());
        soak = null;
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            log.warn("could not remove {}: {}", file, e.toString());
        }
    }

    private void save(Soak value) throws IOException {
        AtomicFiles.write(file, Json.writer().writeValueAsBytes(value));
        soak = value;
    }

    private static Optional<Soak> read(Path file) throws IOException {
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        try {
            return Optional.of(Json.reader(Soak.class).readValue(content));
        } catch (IOException e) {
            // Only health reports depend on it; a device must not stop updating over it.
            log.warn("soak record {} unreadable, dropped: {}", file, e.toString());
            return Optional.empty();
        }
    }

    private static String shortened(String text) {
        return text.length() > MAX_TROUBLE ? text.substring(0, MAX_TROUBLE) : text;
    }
}
