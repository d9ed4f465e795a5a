package io.drover.agent;

import java.time.Duration;

/**
 * How the agent waits between polls and between download retries. Injected so that tests and the fleet simulator
 * decide what waiting means; the real one is {@code Thread::sleep}, which parks a virtual thread cheaply.
 */
@FunctionalInterface
public interface Sleeper {
    void sleep(Duration duration) throws InterruptedException;
}
