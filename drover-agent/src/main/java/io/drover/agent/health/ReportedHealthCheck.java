package io.drover.agent.health;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The application started from the new slot reports its own health in a file the agent watches (re-read every
 * {@code interval}): one line, {@code <sequence> healthy} or {@code <sequence> unhealthy: <reason>}, where
 * {@code <sequence>} is the sequence number of the release the application belongs to (the one it was signed with).
 * The application should replace the file atomically (write, then rename).
 *
 * <p>A report for the sequence number on trial settles the check at once: healthy commits, unhealthy rolls back
 * with the application's reason. A report for another sequence number (an earlier release's, left over) and an
 * unreadable line are not reports on this trial; when none comes within {@code timeout}, the check is unhealthy.
 * After a restart mid-trial, a report the application already wrote still counts.
 */
public record ReportedHealthCheck(Path file, Duration timeout, Duration interval) implements HealthCheck {
    public static final Duration DEFAULT_INTERVAL = Duration.ofMillis(500);
    private static final Pattern REPORT =
            Pattern.compile("(\\d{1,18})\\s+(healthy|unhealthy)(?:\\s*:\\s*(.*))?", Pattern.DOTALL);
    private static final int MAX_REASON_CHARS = 200;

    public ReportedHealthCheck {
        Objects.requireNonNull(file, "file");
        timeout = Probe.requirePositive(timeout, "timeout");
        interval = Probe.requirePositive(interval, "interval");
    }

    public ReportedHealthCheck(Path file, Duration timeout) {
        this(file, timeout, DEFAULT_INTERVAL);
    }

    @Override
    public HealthResult check(TrialSlot trial) throws InterruptedException {
        return Probe.until(timeout, interval, "the application did not report on sequence " + trial.sequenceNumber()
                + " in " + file + " within " + timeout, left -> read(trial.sequenceNumber()));
    }

    private Probe.Answer read(long sequence) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (NoSuchFileException e) {
            return new Probe.Answer.NotYet("no report yet");
        } catch (IOException e) {
            return new Probe.Answer.NotYet("the report cannot be read: " + e);
        }
        Matcher report = REPORT.matcher(text);
        if (!report.matches()) {
            return new Probe.Answer.NotYet("not a report: \"" + shortened(text) + "\"");
        }
        if (Long.parseLong(report.group(1)) != sequence) {
            return new Probe.Answer.NotYet("a report on sequence " + report.group(1));
        }
        if (report.group(2).equals("healthy")) {
            return new Probe.Answer.Settled(new HealthResult.Healthy());
        }
        String reason = report.group(3) == null ? "" : shortened(report.group(3).lines().findFirst().orElse(""));
        return new Probe.Answer.Settled(new HealthResult.Unhealthy(
                reason.isBlank() ? "the application reported unhealthy" : reason));
    }

    private static String shortened(String text) {
        String line = text.strip();
        return line.length() > MAX_REASON_CHARS ? line.substring(0, MAX_REASON_CHARS) : line;
    }
}
