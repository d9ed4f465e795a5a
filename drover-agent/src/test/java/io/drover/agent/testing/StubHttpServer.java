package io.drover.agent.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** A real HTTP server on 127.0.0.1 answering each request with the next scripted response: protocol edge cases. */
public final class StubHttpServer implements AutoCloseable {

    /** What the server saw. */
    public record Exchange(String method, String path, Map<String, List<String>> headers, byte[] body) {
        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().getFirst()).findFirst().orElse(null);
        }
    }

    /** One scripted answer. */
    @FunctionalInterface
    public interface Response {
        void send(HttpExchange exchange) throws IOException;
    }

    private final HttpServer http;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final Queue<Response> script = new ConcurrentLinkedQueue<>();
    private final List<Exchange> exchanges = new CopyOnWriteArrayList<>();

    public StubHttpServer() throws IOException {
        http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        http.setExecutor(executor);
        http.createContext("/", this::handle);
        http.start();
    }

    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + http.getAddress().getPort());
    }

    public StubHttpServer then(Response response) {
        script.add(response);
        return this;
    }

    public List<Exchange> exchanges() {
        return List.copyOf(exchanges);
    }

    public static Response status(int status, String contentType, byte[] body) {
        return exchange -> {
            if (contentType != null) {
                exchange.getResponseHeaders().set("Content-Type", contentType);
            }
            exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        };
    }

    public static Response json(int status, String json) {
        return status(status, "application/json", json.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        http.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        exchanges.add(new Exchange(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                Map.copyOf(exchange.getRequestHeaders()), body));
        Response next = script.poll();
        if (next == null) {
            json(599, "{\"code\":\"stub.unscripted\",\"message\":\"no response scripted\"}").send(exchange);
            return;
        }
        next.send(exchange);
    }
}
