package io.drover.agent.download;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The throttle on a clock that only its own waits (and the test) move, so nothing here depends on timing. */
class DownloadThrottleTest {
    private static final int KIB = 1024;
    private static final int READ = DownloadThrottle.BURST_BYTES;

    private final AtomicLong nanos = new AtomicLong(5_000_000_000L);
    private final List<Duration> waits = new ArrayList<>();

    /** Waits by moving the clock. */
    private DownloadThrottle throttle(long bytesPerSecond) {
        return DownloadThrottle.of(bytesPerSecond, nanos::get, duration -> {
            waits.add(duration);
            nanos.addAndGet(duration.toNanos());
        });
    }

    private Duration waited() {
        return waits.stream().reduce(Duration.ZERO, Duration::plus);
    }

    @Test
    void neverLetsMoreThanOneBurstPlusTheRateThrough() throws InterruptedException {
        DownloadThrottle throttle = throttle(256 * KIB);
        long start = nanos.get();
        long passed = 0;
        for (int read = 0; read < 16; read++) {
            throttle.pass(READ);
            passed += READ;
            double elapsedSeconds = (nanos.get() - start) / 1e9;
            assertThat((double) passed).isLessThanOrEqualTo(READ + 256 * KIB * elapsedSeconds);
        }

        // 1 MiB at 256 KiB/s, less the first 64 KiB that the full bucket lets through at once.
        assertThat(waited()).isEqualTo(Duration.ofMillis(3_750));
        assertThat(waits).hasSize(15).containsOnly(Duration.ofMillis(250));
    }

    @Test
    void aQuietLinkEarnsNoMoreThanOneBurst() throws InterruptedException {
        DownloadThrottle throttle = throttle(256 * KIB);
        throttle.pass(READ);
        nanos.addAndGet(Duration.ofSeconds(10).toNanos());

        throttle.pass(READ);
        assertThat(waits).isEmpty();
        throttle.pass(READ);
        assertThat(waits).containsExactly(Duration.ofMillis(250));
    }

    @Test
    void smallReadsWaitForWhatTheyUsed() throws InterruptedException {
        DownloadThrottle throttle = throttle(1_000);
        for (int read = 0; read < 200; read++) {
            throttle.pass(1_000);
        }
        // 200 kB at 1 kB/s, less the 64 KiB burst.
        assertThat(waited()).isEqualTo(Duration.ofMillis(200_000 - READ));
    }

    @Test
    void aSleeperThatReturnsAtOnceIsTakenAtItsWord() throws InterruptedException {
        List<Duration> asked = new ArrayList<>();
        DownloadThrottle throttle = DownloadThrottle.of(256 * KIB, () -> 0, asked::add);
        for (int read = 0; read < 16; read++) {
            throttle.pass(READ);
        }
        // Each wait covers only its own read, not the debt of every earlier one again.
        assertThat(asked).hasSize(15).containsOnly(Duration.ofMillis(250));
    }

    @Test
    void unlimitedNeverWaits() throws InterruptedException {
        DownloadThrottle throttle = DownloadThrottle.unlimited();
        for (int read = 0; read < 1_000; read++) {
            throttle.pass(READ);
        }
        assertThat(waits).isEmpty();
    }

    @Test
    void refusesARateBelowOneBytePerSecond() {
        assertThatThrownBy(() -> throttle(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a download rate must be at least 1 byte per second, got 0");
    }
}
