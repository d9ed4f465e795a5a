package io.drover.agent.download;

import io.drover.agent.AgentErrors;
import io.drover.agent.Sleeper;
import io.drover.agent.StepListener;
import io.drover.agent.UpdateStep;
import io.drover.agent.slot.ImageDigest;
import io.drover.agent.slot.ImageWriter;
import io.drover.agent.transport.ArtifactBody;
import io.drover.agent.transport.DeviceApi;
import io.drover.error.DroverException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fills an {@link ImageWriter} with an artifact, resuming after the bytes it holds whatever the transport (an HTTP
 * Range, the CoAP block of the first missing byte), and checks what reached storage against the expected digest and
 * size. A slot's image, a staged ciphertext and a gateway's cache all fill through here. Every byte read passes the
 * {@link DownloadThrottle}.
 */
public final class ResumingFetch {
    private static final Logger log = LoggerFactory.getLogger(ResumingFetch.class);

    private final DeviceApi client;
    private final RetryPolicy retry;
    private final Sleeper sleeper;
    private final DownloadThrottle throttle;
    private final StepListener steps;

    /** @param steps told {@link UpdateStep#DOWNLOADING} once each attempt has written its first bytes */
    public ResumingFetch(DeviceApi client, RetryPolicy retry, Sleeper sleeper, DownloadThrottle throttle,
            StepListener steps) {
        this.client = Objects.requireNonNull(client, "client");
        this.retry = Objects.requireNonNull(retry, "retry");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.throttle = Objects.requireNonNull(throttle, "throttle");
        this.steps = Objects.requireNonNull(steps, "steps");
    }

    /**
     * Fills {@code writer} from {@code url}, resuming after what it holds, and checks what reached storage against
     * {@code expected}; a writer with the wrong content is discarded, a complete one is left for the caller to use.
     * Storage failures are thrown ({@link UncheckedIOException} included), as are server answers not worth a retry.
     */
    public DownloadResult fetch(String url, ImageWriter writer, ImageDigest expected, String what)
            throws IOException, InterruptedException {
        String failure = receiveWithRetries(url, writer, expected.size());
        if (failure != null) {
            return new DownloadResult.Failed(AgentErrors.DOWNLOAD_FAILED, failure);
        }
        ImageDigest written = readBack(writer);
        if (!written.equals(expected)) {
            writer.discard();
            return new DownloadResult.Failed(AgentErrors.IMAGE_DIGEST_MISMATCH,
                    what + " from " + url + " is " + written + ", the manifest says " + expected);
        }
        return new DownloadResult.Downloaded();
    }

    /**
     * Like {@link #fetch}, for what a gateway was asked for by name: the SHA-256 in 64 hex digits or its first 16 or
     * more. Its size is the one the server states in its first answer, at most {@code maxSize}; the bytes must then
     * have a digest that starts with {@code name}, and the one the server states, if it states one. The first
     * answer's bytes are kept, so this costs no more requests than {@link #fetch}.
     *
     * @return the digest of what was fetched, which the writer holds; a failure is a {@link DroverException} with
     *     the server's code or the agent's ({@code agent.image-digest-mismatch} for bytes of another digest, and
     *     the writer discarded)
     */
    public ImageDigest fetchNamed(String url, ImageWriter writer, String name, long maxSize, String what)
            throws IOException, InterruptedException {
        long size;
        Optional<String> stated;
        try (ArtifactBody first = client.openArtifact(url, writer.size())) {
            if (first.total() < 0) {
                throw new DroverException(AgentErrors.UNEXPECTED_RESPONSE,
                        url + " answered without stating the " + what + "'s size");
            }
            if (first.total() > maxSize) {
                throw new DroverException(AgentErrors.DOWNLOAD_FAILED,
                        what + " has " + first.total() + " bytes, more than the " + maxSize + " allowed");
            }
            stated = first.sha256();
            if (stated.isPresent() && !stated.get().startsWith(name)) {
                throw new DroverException(AgentErrors.IMAGE_DIGEST_MISMATCH, url + " answered with SHA-256 "
                        + stated.get() + ", which does not start with " + name);
            }
            size = first.total();
            try {
                copy(url, first, writer, size);
            } catch (IOException e) {
                log.info("download of {} interrupted ({}); resuming at byte {}", url, e, writer.size());
            }
        }
        String failure = receiveWithRetries(url, writer, size);
        if (failure != null) {
            throw new DroverException(AgentErrors.DOWNLOAD_FAILED, failure);
        }
        ImageDigest written = readBack(writer);
        if (written.size() != size || !written.sha256().startsWith(name)
                || !stated.map(written.sha256()::equals).orElse(true)) {
            writer.discard();
            throw new DroverException(AgentErrors.IMAGE_DIGEST_MISMATCH, what + " from " + url + " is " + written
                    + ", not " + stated.orElse(name) + (stated.isPresent() ? "" : "…") + " of " + size + " bytes");
        }
        return written;
    }

    private static ImageDigest readBack(ImageWriter writer) throws IOException {
        try (InputStream readBack = writer.readBack()) {
            return ImageDigest.of(readBack);
        }
    }

    /** Returns null once the server delivered the whole body, else why it gave up. */
    private String receiveWithRetries(String url, ImageWriter writer, long size) throws InterruptedException {
        int failures = 0;
        while (writer.size() < size) {
            long before = writer.size();
            String problem;
            try {
                receive(url, writer, size);
                return null;
            } catch (IOException e) {
                problem = "connection failed after " + writer.size() + " of " + size + " bytes: " + e;
            } catch (DroverException e) {
                problem = retryableProblem(e, writer);
            }
            failures = writer.size() > before ? 1 : failures + 1;
            if (failures > retry.retriesWithoutProgress()) {
                return problem + " (gave up after " + failures + " attempts in a row without progress)";
            }
            log.info("download of {} interrupted ({}); resuming at byte {}", url, problem, writer.size());
            sleeper.sleep(retry.backoff().delay(failures));
        }
        return null;
    }

    /** A server answer worth another attempt gives its description; any other is rethrown. */
    private static String retryableProblem(DroverException e, ImageWriter writer) {
        return switch (e.errorCode().category()) {
            case RANGE_NOT_SATISFIABLE -> {
                // The kept partial does not fit the server's artifact: only a download from byte 0 can tell more.
                restart(writer);
                yield "server refused the range: " + e.getMessage();
            }
            case INTERNAL -> "server error: " + e.getMessage();
            case MALFORMED, UNAUTHENTICATED, FORBIDDEN, NOT_FOUND, CONFLICT, REJECTED, TOO_LARGE -> throw e;
        };
    }

    /**
     * One request from the writer's current size. Returns normally when the body ended (or overran the expected
     * size, which verification then rejects); throws {@link IOException} when the connection broke.
     */
    private void receive(String url, ImageWriter writer, long expectedSize) throws IOException, InterruptedException {
        try (ArtifactBody body = client.openArtifact(url, writer.size())) {
            copy(url, body, writer, expectedSize);
        }
    }

    private void copy(String url, ArtifactBody body, ImageWriter writer, long expectedSize)
            throws IOException, InterruptedException {
        if (body.start() != writer.size()) {
            if (body.start() != 0) {
                throw new DroverException(AgentErrors.UNEXPECTED_RESPONSE, url + " answered a range starting at "
                        + body.start() + " to a request for byte " + writer.size());
            }
            restart(writer);
        }
        if (body.total() >= 0 && body.total() != expectedSize) {
            // The server announces another size than the manifest's: whatever it sends is the wrong image,
            // which verification of what was written then reports, without fetching the rest.
            return;
        }
        byte[] buffer = new byte[DownloadThrottle.BURST_BYTES];
        // One byte more than expected is enough to know the image is wrong; reading further would only fill
        // storage with bytes that are going to be thrown away.
        long limit = expectedSize + 1;
        boolean wroteAny = false;
        while (writer.size() < limit) {
            int n = body.stream().read(buffer, 0, (int) Math.min(buffer.length, limit - writer.size()));
            if (n == -1) {
                return;
            }
            write(writer, buffer, n);
            if (!wroteAny) {
                wroteAny = true;
                steps.reached(UpdateStep.DOWNLOADING);
            }
            throttle.pass(n);
        }
    }

    // Storage failures leave as UncheckedIOException so that they are not mistaken for network failures, which
    // are retried.

    private static void write(ImageWriter writer, byte[] buffer, int length) {
        try {
            writer.write(buffer, 0, length);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void restart(ImageWriter writer) {
        try {
            writer.restart();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
