package io.drover.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BoundedHttpClientTest {
    private final ExecutorService handlers = Executors.newVirtualThreadPerTaskExecutor();
    private final AtomicInteger handling = new AtomicInteger();
    private final AtomicInteger mostAtOnce = new AtomicInteger();
    private final CountDownLatch answer = new CountDownLatch(1);
    private HttpServer server;

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(handlers);
        // Answers once the test lets it, with a body of 100 kB.
        server.createContext("/", exchange -> {
            mostAtOnce.accumulateAndGet(handling.incrementAndGet(), Math::max);
            try {
                answer.await();
                exchange.sendResponseHeaders(200, 100_000);
                try (OutputStream body = exchange.getResponseBody()) {
                    body.write(new byte[100_000]);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                handling.decrementAndGet();
                exchange.close();
            }
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
        handlers.shutdownNow();
    }

    private HttpRequest request() {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/x")).build();
    }

    private static BoundedHttpClient client(int maxInFlight) {
        return BoundedHttpClient.wrap(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build(), maxInFlight);
    }

    @Test
    void letsAtMostTheGivenNumberOfRequestsOnTheWireAndTheOthersWaitTheirTurn() throws Exception {
        try (BoundedHttpClient http = client(2); ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Integer>> calls = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                calls.add(callers.submit(() -> http.send(request(), HttpResponse.BodyHandlers.ofByteArray()).body().length));
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> handling.get() == 2 && http.waiting() == 4);
            assertThat(http.inFlight()).isEqualTo(2);

            answer.countDown();

            for (Future<Integer> call : calls) {
                assertThat(call.get()).isEqualTo(100_000);
            }
            assertThat(mostAtOnce).hasValue(2);
            assertThat(http.inFlight()).isZero();
        }
    }

    @Test
    void aStreamedBodyHoldsItsTurnUntilItIsClosed() throws Exception {
        answer.countDown();
        try (BoundedHttpClient http = client(1); ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
            HttpResponse<InputStream> first = http.send(request(), HttpResponse.BodyHandlers.ofInputStream());
            assertThat(first.body().read(new byte[10])).isPositive();
            Future<Integer> second = callers.submit(() -> http.send(request(), HttpResponse.BodyHandlers.ofByteArray())
                    .body().length);
            await().atMost(Duration.ofSeconds(20)).until(() -> http.waiting() == 1);

            first.body().close();

            assertThat(second.get()).isEqualTo(100_000);
            assertThat(http.inFlight()).isZero();
        }
    }

    @Test
    void aStreamedBodyReadToItsEndGivesUpItsTurn() throws Exception {
        answer.countDown();
        try (BoundedHttpClient http = client(1)) {
            HttpResponse<InputStream> first = http.send(request(), HttpResponse.BodyHandlers.ofInputStream());
            assertThat(first.body().readAllBytes()).hasSize(100_000);
            assertThat(http.inFlight()).isZero();
            first.body().close();
            assertThat(http.inFlight()).as("closing after the end does not give back a second turn").isZero();
            assertThat(http.send(request(), HttpResponse.BodyHandlers.ofByteArray()).body()).hasSize(100_000);
        }
    }

    @Test
    void aFailedRequestGivesUpItsTurn() throws Exception {
        try (BoundedHttpClient http = client(1)) {
            HttpRequest nowhere = HttpRequest.newBuilder(URI.create("http://127.0.0.1:1/")).build();
            for (int i = 0; i < 3; i++) {
                try {
                    http.send(nowhere, HttpResponse.BodyHandlers.ofString());
                } catch (IOException expected) {
                    // connection refused
                }
            }
            assertThat(http.inFlight()).isZero();
        }
    }
}
