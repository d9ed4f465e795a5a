package io.drover.agent.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The probe against a real HTTP server on 127.0.0.1 standing in for the device's application. */
class HttpProbeHealthCheckTest {
    private static final Duration INTERVAL = Duration.ofMillis(50);

    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final List<Integer> answered = new CopyOnWriteArrayList<>();
    /** The application's answers, one per request; the last one repeats. */
    private final List<Integer> statuses = new CopyOnWriteArrayList<>();
    private final AtomicInteger requests = new AtomicInteger();
    private HttpServer application;

    @BeforeEach
    void startApplication() throws IOException {
        application = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        application.setExecutor(executor);
        application.createContext("/health", exchange -> {
            int n = requests.getAndIncrement();
            int status = statuses.get(Math.min(n, statuses.size() - 1));
            answered.add(status);
            if (status / 100 == 3) {
                exchange.getResponseHeaders().set("Location", "/elsewhere");
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        application.start();
    }

    @AfterEach
    void stopApplication() {
        application.stop(0);
        executor.shutdownNow();
    }

    private URI health() {
        return URI.create("http://127.0.0.1:" + application.getAddress().getPort() + "/health");
    }

    private static HealthResult check(URI url, Duration timeout) throws InterruptedException {
        return new HttpProbeHealthCheck(url, timeout, INTERVAL).check(TrialSlots.sequence(3));
    }

    @Test
    void healthyOnceTheApplicationAnswers2xx() throws InterruptedException {
        statuses.addAll(List.of(503, 503, 204));

        assertThat(check(health(), Duration.ofSeconds(30))).isEqualTo(new HealthResult.Healthy());
        assertThat(answered).containsExactly(503, 503, 204);
    }

    @Test
    void unhealthyNamingTheLastStatusWhenNo2xxComesInTime() throws InterruptedException {
        statuses.addAll(List.of(503, 500));

        assertThat(check(health(), Duration.ofSeconds(1))).isEqualTo(new HealthResult.Unhealthy(
                "GET " + health() + " gave no 2xx answer within PT1S (last: HTTP 500)"));
        assertThat(answered).startsWith(503, 500);
    }

    @Test
    void aRedirectIsNotAHealthyAnswer() throws InterruptedException {
        statuses.add(302);

        assertThat(check(health(), Duration.ofMillis(300))).isInstanceOfSatisfying(HealthResult.Unhealthy.class,
                unhealthy -> assertThat(unhealthy.reason()).endsWith("(last: HTTP 302)"));
    }

    @Test
    void unhealthyNamingTheErrorWhenNothingListens() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        URI nowhere = URI.create("http://127.0.0.1:" + closedPort + "/health");

        assertThat(check(nowhere, Duration.ofMillis(300))).isInstanceOfSatisfying(HealthResult.Unhealthy.class,
                unhealthy -> assertThat(unhealthy.reason())
                        .startsWith("GET " + nowhere + " gave no 2xx answer within PT0.3S (last: ConnectException"));
    }

    @Test
    void needsAnAbsoluteHttpUrl() {
        assertThatThrownBy(() -> new HttpProbeHealthCheck(URI.create("ftp://127.0.0.1/health"), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the health probe needs an absolute http(s) URL, not ftp://127.0.0.1/health");
        assertThatThrownBy(() -> new HttpProbeHealthCheck(URI.create("/health"), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
