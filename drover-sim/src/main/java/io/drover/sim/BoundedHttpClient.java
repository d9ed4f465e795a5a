package io.drover.sim;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandler;
import java.net.http.HttpResponse.BodySubscribers;
import java.net.http.HttpResponse.PushPromiseHandler;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * The emulated devices' shared HTTP client, letting at most {@code maxInFlight} requests use a connection at once; the
 * others wait their turn, first come first served. The JDK's client opens a connection for every request that finds
 * none idle and has no limit of its own, so thousands of agents polling at once would otherwise open thousands of
 * sockets (twice, with the server in the same process) and run out of file descriptors. A request holds its place
 * until its response body is read to its end or closed, which is when its connection is free again.
 *
 * <p>Only blocking {@link #send} is offered, which is all the agent uses. Closing this client closes the one it wraps.
 */
public final class BoundedHttpClient extends HttpClient {
    private final HttpClient delegate;
    private final Semaphore inFlight;
    private final int maxInFlight;

    private BoundedHttpClient(HttpClient delegate, int maxInFlight) {
        this.delegate = delegate;
        this.inFlight = new Semaphore(maxInFlight, true);
        this.maxInFlight = maxInFlight;
    }

    public static BoundedHttpClient wrap(HttpClient delegate, int maxInFlight) {
        Objects.requireNonNull(delegate, "delegate");
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("maxInFlight must be at least 1");
        }
        return new BoundedHttpClient(delegate, maxInFlight);
    }

    /** Requests waiting for their turn right now. */
    public int waiting() {
        return inFlight.getQueueLength();
    }

    /** Requests using a connection right now. */
    public int inFlight() {
        return maxInFlight - inFlight.availablePermits();
    }

    @Override
    public <T> HttpResponse<T> send(HttpRequest request, BodyHandler<T> handler)
            throws IOException, InterruptedException {
        inFlight.acquire();
        Turn turn = new Turn();
        try {
            return delegate.send(request, info -> BodySubscribers.mapping(handler.apply(info), turn::endWhenRead));
        } catch (IOException | InterruptedException | RuntimeException e) {
            turn.end();
            throw e;
        }
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, BodyHandler<T> handler) {
        throw new UnsupportedOperationException("BoundedHttpClient bounds blocking sends only");
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, BodyHandler<T> handler,
            PushPromiseHandler<T> pushPromiseHandler) {
        throw new UnsupportedOperationException("BoundedHttpClient bounds blocking sends only");
    }

    @Override
    public Optional<CookieHandler> cookieHandler() {
        return delegate.cookieHandler();
    }

    @Override
    public Optional<Duration> connectTimeout() {
        return delegate.connectTimeout();
    }

    @Override
    public Redirect followRedirects() {
        return delegate.followRedirects();
    }

    @Override
    public Optional<ProxySelector> proxy() {
        return delegate.proxy();
    }

    @Override
    public SSLContext sslContext() {
        return delegate.sslContext();
    }

    @Override
    public SSLParameters sslParameters() {
        return delegate.sslParameters();
    }

    @Override
    public Optional<Authenticator> authenticator() {
        return delegate.authenticator();
    }

    @Override
    public Version version() {
        return delegate.version();
    }

    @Override
    public Optional<Executor> executor() {
        return delegate.executor();
    }

    @Override
    public void shutdown() {
        delegate.shutdown();
    }

    @Override
    public void shutdownNow() {
        delegate.shutdownNow();
    }

    @Override
    public boolean awaitTermination(Duration duration) throws InterruptedException {
        return delegate.awaitTermination(duration);
    }

    @Override
    public boolean isTerminated() {
        return delegate.isTerminated();
    }

    @Override
    public void close() {
        delegate.close();
    }

    /** One request's use of a connection; it ends once, whichever way comes first. */
    private final class Turn {
        private final AtomicBoolean ended = new AtomicBoolean();

        void end() {
            if (ended.compareAndSet(false, true)) {
                inFlight.release();
            }
        }

        /** A streamed body keeps the turn until it is read to its end or closed; any other body is complete. */
        @SuppressWarnings("unchecked")
        <T> T endWhenRead(T body) {
            if (body instanceof InputStream stream) {
                return (T) new TurnStream(stream, this);
            }
            end();
            return body;
        }
    }

    private static final class TurnStream extends FilterInputStream {
        private final Turn turn;

        TurnStream(InputStream in, Turn turn) {
            super(in);
            this.turn = turn;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b == -1) {
                turn.end();
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n == -1) {
                turn.end();
            }
            return n;
        }

        @Override
        public void close() throws IOException {
            try {
                super.close();
            } finally {
                turn.end();
            }
        }
    }
}
