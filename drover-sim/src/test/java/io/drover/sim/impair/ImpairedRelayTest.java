package io.drover.sim.impair;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ImpairedRelayTest {
    private static final Duration IDLE = Duration.ofSeconds(10);

    EchoServer echo;

    @BeforeEach
    void startEcho() throws IOException {
        echo = new EchoServer();
    }

    @AfterEach
    void stopEcho() throws IOException {
        echo.close();
    }

    ImpairedRelay relay(Impairment up, Impairment down, long seed) throws IOException {
        return ImpairedRelay.start(echo.address(), up, down, new SplittableRandom(seed), IDLE);
    }

    /** Sends {@code payload}, half-closes, and returns everything that came back before the end or a reset. */
    static byte[] roundTrip(ImpairedRelay relay, byte[] payload) throws IOException {
        try (Socket socket = new Socket(relay.httpUrl().getHost(), relay.port())) {
            socket.setSoTimeout(10_000);
            Thread writer = Thread.ofVirtual().start(() -> {
                try {
                    socket.getOutputStream().write(payload);
                    socket.shutdownOutput();
                } catch (IOException e) {
                    // A reset ends the write early; what came back tells the story.
                }
            });
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[8192];
            try {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    received.write(buffer, 0, n);
                }
            } catch (IOException e) {
                // Connection reset: keep what arrived.
            }
            try {
                writer.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return received.toByteArray();
        }
    }

    static byte[] bytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new SplittableRandom(seed).nextBytes(bytes);
        return bytes;
    }

    @Test
    void listensOnTheAddressItIsGiven() throws IOException {
        InetAddress address = InetAddress.getByName("127.0.0.2"); // all of 127.0.0.0/8 is loopback on Linux
        byte[] payload = bytes(10_000, 2);
        try (ImpairedRelay relay = ImpairedRelay.start(address, echo.address(), Impairment.NONE, Impairment.NONE,
                new SplittableRandom(2), IDLE)) {
            assertThat(relay.httpUrl()).isEqualTo(URI.create("http://127.0.0.2:" + relay.port()));
            assertThat(roundTrip(relay, payload)).isEqualTo(payload);
        }
    }

    @Test
    void anUnimpairedRelayForwardsEverythingUnchangedBothWays() throws IOException {
        byte[] payload = bytes(200_000, 1);
        try (ImpairedRelay relay = relay(Impairment.NONE, Impairment.NONE, 1)) {
            assertThat(roundTrip(relay, payload)).isEqualTo(payload);
            await().untilAsserted(() -> assertThat(relay.stats())
                    .isEqualTo(new RelayStats(1, 0, payload.length, payload.length, 0, 0)));
        }
    }

    @Test
    void delayWithJitterHoldsEachRoundTripWithinTheConfiguredBounds() throws IOException {
        Impairment delayed = Impairment.NONE.withDelay(Duration.ofMillis(150), Duration.ofMillis(50));
        try (ImpairedRelay relay = relay(delayed, Impairment.NONE, 2)) {
            for (int i = 0; i < 3; i++) {
                long start = System.nanoTime();
                roundTrip(relay, new byte[] {42});
                Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
                assertThat(elapsed).isBetween(Duration.ofMillis(100), Duration.ofMillis(1000));
            }
        }
    }

    @Test
    void delayAddsLatencyWithoutCappingThroughput() throws IOException {
        byte[] payload = bytes(2_000_000, 3);
        try (ImpairedRelay relay = relay(Impairment.NONE.withDelay(Duration.ofMillis(200), Duration.ZERO),
                Impairment.NONE, 3)) {
            long start = System.nanoTime();
            assertThat(roundTrip(relay, payload)).isEqualTo(payload);
            // Serial per-chunk delays would need over 100 chunks × 200 ms; pipelined it is one delay plus transfer.
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(200), Duration.ofSeconds(5));
        }
    }

    @Test
    void bandwidthLimitPacesTheTransfer() throws IOException {
        byte[] payload = bytes(60_000, 4);
        try (ImpairedRelay relay = relay(Impairment.NONE, Impairment.NONE.withBandwidth(60_000), 4)) {
            long start = System.nanoTime();
            assertThat(roundTrip(relay, payload)).isEqualTo(payload);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(850), Duration.ofSeconds(4));
        }
    }

    @Test
    void disconnectAfterBytesResetsTheConnectionAtExactlyThatCount() throws IOException {
        byte[] payload = bytes(100_000, 5);
        try (ImpairedRelay relay = relay(Impairment.NONE, Impairment.NONE.withDisconnects(30_000, 0), 5)) {
            byte[] received = roundTrip(relay, payload);
            assertThat(received).hasSize(30_000);
            assertThat(received).isEqualTo(Arrays.copyOf(payload, 30_000));
            await().untilAsserted(() -> assertThat(relay.stats().resets()).isEqualTo(1));
        }
    }

    @Test
    void disconnectProbabilityPerChunkResetsConnectionsAndCountsThem() throws IOException {
        try (ImpairedRelay relay = relay(Impairment.NONE.withDisconnects(0, 1.0), Impairment.NONE, 6)) {
            for (int i = 0; i < 5; i++) {
                assertThat(roundTrip(relay, bytes(1000, i))).isEmpty();
            }
            await().untilAsserted(() -> assertThat(relay.stats().resets()).isEqualTo(5));
            assertThat(relay.stats().connections()).isEqualTo(5);
        }
    }

    @Test
    void corruptionFlipsOneBitInAtMostTheAllowedNumberOfBytesAtSeededOffsets() throws IOException {
        byte[] payload = bytes(300_000, 7);
        List<List<Integer>> offsetsPerRun = new ArrayList<>();
        for (int run = 0; run < 2; run++) {
            try (ImpairedRelay relay = relay(Impairment.NONE.withCorruption(1e-4, 8), Impairment.NONE, 7)) {
                byte[] received = roundTrip(relay, payload);
                assertThat(received).hasSize(payload.length);
                List<Integer> offsets = new ArrayList<>();
                for (int i = 0; i < payload.length; i++) {
                    if (received[i] != payload[i]) {
                        assertThat(Integer.bitCount((received[i] ^ payload[i]) & 0xff)).isEqualTo(1);
                        offsets.add(i);
                    }
                }
                assertThat(offsets).hasSize(8);
                assertThat(relay.stats().corruptedUp()).isEqualTo(8);
                offsetsPerRun.add(offsets);
            }
        }
        assertThat(offsetsPerRun.get(1)).isEqualTo(offsetsPerRun.get(0));
    }

    @Test
    void corruptionSparesTheCleanBytesAtTheStartOfTheStream() throws IOException {
        byte[] payload = bytes(300_000, 9);
        try (ImpairedRelay relay = relay(Impairment.NONE.withCorruption(1e-3, 5, 200_000), Impairment.NONE, 9)) {
            byte[] received = roundTrip(relay, payload);
            assertThat(received).hasSize(payload.length);
            assertThat(IntStream.range(0, payload.length).filter(i -> received[i] != payload[i]).boxed().toList())
                    .hasSize(5).allSatisfy(offset -> assertThat(offset).isGreaterThanOrEqualTo(200_000));
        }
    }

    @Test
    void closingTheRelayResetsOpenConnections() throws IOException {
        ImpairedRelay relay = relay(Impairment.NONE, Impairment.NONE, 8);
        try (Socket socket = new Socket(relay.httpUrl().getHost(), relay.port())) {
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write(1);
            assertThat(socket.getInputStream().read()).isEqualTo(1);
            relay.close();
            int afterClose;
            try {
                afterClose = socket.getInputStream().read();
            } catch (IOException e) {
                afterClose = -1;
            }
            assertThat(afterClose).isEqualTo(-1);
            await().untilAsserted(() -> assertThat(relay.stats().resets()).isEqualTo(1));
        }
    }
}
