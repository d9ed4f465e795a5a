package io.drover.server.lwm2m;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the checks of each device one at a time, each on a virtual thread of its own, so a device that answers
 * slowly (or a long push) holds up only itself. A check asked for while one of the same device runs is run once more
 * after it, however often it was asked: the running check may have read the device before the change that prompted
 * the request.
 */
final class CheckQueue implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CheckQueue.class);

    private final Consumer<String> check;
    private final ExecutorService threads = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("drover-lwm2m-check-", 0).factory());
    /** Device id → whether another check was asked for; present while a check of the device runs. */
    private final Map<String, Boolean> running = new ConcurrentHashMap<>();

    CheckQueue(Consumer<String> check) {
        this.check = check;
    }

    void ask(String deviceId) {
        boolean[] start = {false};
        running.compute(deviceId, (id, again) -> {
            start[0] = again == null;
            return again != null;
        });
        if (start[0]) {
            threads.execute(() -> run(deviceId));
        }
    }

    private void run(String deviceId) {
        boolean again;
        do {
            try {
                check.accept(deviceId);
            } catch (RuntimeException e) {
                LOG.warn("checking LwM2M device {} failed", deviceId, e);
            }
            again = running.compute(deviceId, (id, asked) -> asked ? Boolean.FALSE : null) != null;
        } while (again);
    }

    @Override
    public void close() {
        threads.shutdownNow();
        try {
            threads.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
