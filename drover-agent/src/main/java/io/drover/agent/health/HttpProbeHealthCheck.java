package io.drover.agent.health;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Objects;

/**
 * Healthy once the application started from the new slot answers a GET of {@code url} (a local endpoint such as
 * {@code http://127.0.0.1:8080/health}) with a 2xx status. Other statuses and failed connections are asked again
 * every {@code interval} until {@code timeout}; then the check is unhealthy, naming the last status or error.
 * Redirects are not followed.
 */
public record HttpProbeHealthCheck(URI url, Duration timeout, Duration interval) implements HealthCheck {
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(1);

    public HttpProbeHealthCheck {
        Objects.requireNonNull(url, "url");
        if (!url.isAbsolute() || !("http".equals(url.getScheme()) || "https".equals(url.getScheme()))
                || url.getHost() == null) {
            throw new IllegalArgumentException("the health probe needs an absolute http(s) URL, not " + url);
        }
        timeout = Probe.requirePositive(timeout, "timeout");
        interval = Probe.requirePositive(interval, "interval");
    }

    public HttpProbeHealthCheck(URI url, Duration timeout) {
        this(url, timeout, DEFAULT_INTERVAL);
    }

    @Override
    public HealthResult check(TrialSlot trial) throws InterruptedException {
        try (HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build()) {
            return Probe.until(timeout, interval, "GET " + url + " gave no 2xx answer within " + timeout,
                    left -> get(http, left));
        }
    }

    private Probe.Answer get(HttpClient http, Duration left) throws InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(url).timeout(left).GET().build();
        try {
            int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            return status / 100 == 2 ? new Probe.Answer.Settled(new HealthResult.Healthy())
                    : new Probe.Answer.NotYet("HTTP " + status);
        } catch (IOException e) {
            return new Probe.Answer.NotYet(e.getMessage() == null ? e.getClass().getSimpleName()
                    : e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }
}
