package io.drover.agent.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs a device-specific command (a safety condition, a health check) with a deadline. Output (stdout and stderr
 * together) is read while the command runs, so a chatty command cannot block on a full pipe; only its last
 * non-blank line is kept, as the reason to show an operator.
 */
public final class Commands {
    private static final int MAX_REASON_CHARS = 200;

    /** How a command ended. */
    public sealed interface Result {
        String describe();

        /** @param lastLine the last non-blank output line, empty when there was none */
        record Exited(int code, String lastLine) implements Result {
            public Exited {
                Objects.requireNonNull(lastLine, "lastLine");
            }

            @Override
            public String describe() {
                return lastLine.isEmpty() ? "command exited with " + code : lastLine;
            }
        }

        /** The command timed out (and was killed) or could not be started. */
        record NotFinished(String message) implements Result {
            public NotFinished {
                Objects.requireNonNull(message, "message");
            }

            @Override
            public String describe() {
                return message;
            }
        }
    }

    private Commands() {}

    public static List<String> requireCommand(List<String> command) {
        List<String> copy = List.copyOf(Objects.requireNonNull(command, "command"));
        if (copy.isEmpty() || copy.getFirst().isBlank()) {
            throw new IllegalArgumentException("a command needs a program to run");
        }
        return copy;
    }

    public static Duration requirePositive(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive");
        }
        return timeout;
    }

    public static Result run(List<String> command, Duration timeout) {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().close(); // The command reads no input: it sees end of file at once.
        } catch (IOException e) {
            return new Result.NotFinished("command " + command.getFirst() + " could not start: " + e.getMessage());
        }
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> lastLine(process.getInputStream()),
                runnable -> Thread.ofVirtual().start(runnable));
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                return new Result.NotFinished("command " + command.getFirst() + " did not finish within " + timeout);
            }
            // The pipe closes when the process exits, unless a child it left behind still holds it.
            return new Result.Exited(process.exitValue(), output.get(1, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            return new Result.NotFinished("interrupted while command " + command.getFirst() + " ran");
        } catch (ExecutionException | TimeoutException e) {
            return new Result.Exited(process.exitValue(), "");
        }
    }

    private static String lastLine(InputStream in) {
        String last = "";
        try (in) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\\R")) {
                if (!line.isBlank()) {
                    last = line.strip();
                }
            }
        } catch (IOException e) {
            // The process was killed while being read: there is no reason line to show.
        }
        return last.length() > MAX_REASON_CHARS ? last.substring(0, MAX_REASON_CHARS) : last;
    }
}
