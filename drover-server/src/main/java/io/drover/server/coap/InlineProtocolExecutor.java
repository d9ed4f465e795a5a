package io.drover.server.coap;

import java.util.concurrent.Callable;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.eclipse.californium.elements.util.NamedThreadFactory;
import org.eclipse.californium.elements.util.ProtocolScheduledExecutorService;

/**
 * Californium's protocol stage, run on the thread that received the datagram instead of being handed to a pool: a
 * block of a download is parsed, answered from the blob store and queued for sending without a thread switch, which
 * on a busy machine costs as much as the rest of the request. Handlers that may block (the device resources read
 * the database) run on an executor of their own; timers (retransmissions, sweeps) on one thread of this pool.
 */
final class InlineProtocolExecutor extends ScheduledThreadPoolExecutor implements ProtocolScheduledExecutorService {
    InlineProtocolExecutor(String name) {
        super(1, new NamedThreadFactory(name + "-timer#"));
        setRemoveOnCancelPolicy(true);
    }

    @Override
    public void execute(Runnable command) {
        command.run();
    }

    @Override
    public ScheduledFuture<?> scheduleBackground(Runnable command, long delay, TimeUnit unit) {
        return schedule(command, delay, unit);
    }

    @Override
    public <V> ScheduledFuture<V> scheduleBackground(Callable<V> callable, long delay, TimeUnit unit) {
        return schedule(callable, delay, unit);
    }

    @Override
    public ScheduledFuture<?> scheduleBackgroundAtFixedRate(Runnable command, long initialDelay, long period,
            TimeUnit unit) {
        return scheduleAtFixedRate(command, initialDelay, period, unit);
    }

    @Override
    public ScheduledFuture<?> scheduleBackgroundWithFixedDelay(Runnable command, long initialDelay, long delay,
            TimeUnit unit) {
        return scheduleWithFixedDelay(command, initialDelay, delay, unit);
    }

    @Override
    public ScheduledExecutorService getBackgroundExecutor() {
        return this;
    }
}
