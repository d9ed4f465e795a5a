package io.drover.sim.impair;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class UdpRelayTest {
    private static final Duration IDLE = Duration.ofSeconds(10);
    private static final int DATAGRAMS = 200;

    private DatagramChannel echo;
    private Thread echoing;

    @BeforeEach
    void startEcho() throws IOException {
        echo = DatagramChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        echoing = Thread.ofVirtual().start(() -> {
            ByteBuffer buffer = ByteBuffer.allocate(2048);
            try {
                while (true) {
                    buffer.clear();
                    var from = echo.receive(buffer);
                    buffer.flip();
                    echo.send(buffer, from);
                }
            } catch (IOException e) {
                // closed
            }
        });
    }

    @AfterEach
    void stopEcho() throws Exception {
        echo.close();
        echoing.join(Duration.ofSeconds(5));
    }

    @Test
    void forwardsEveryDatagramBothWaysWhenUnimpaired() throws Exception {
        try (UdpRelay relay = relay(DatagramImpairment.NONE, DatagramImpairment.NONE, 1)) {
            List<byte[]> back = exchange(relay, DATAGRAMS);

            assertThat(back).hasSize(DATAGRAMS);
            assertThat(back).allSatisfy(d -> assertThat(d).hasSize(100));
            assertThat(relay.stats()).isEqualTo(new DatagramStats(1, DATAGRAMS, 0, 0, DATAGRAMS, 0, 0, 100L * DATAGRAMS,
                    100L * DATAGRAMS));
        }
    }

    @Test
    void losesAShareOfTheDatagramsEachWay() throws Exception {
        DatagramImpairment lossy = DatagramImpairment.NONE.withLoss(0.3);
        try (UdpRelay relay = relay(lossy, lossy, 7)) {
            List<byte[]> back = exchange(relay, DATAGRAMS);

            DatagramStats stats = relay.stats();
            assertThat(stats.lostUp()).isBetween(30L, 90L);
            assertThat(stats.forwardedUp()).isEqualTo(DATAGRAMS - stats.lostUp());
            assertThat(stats.lostDown()).isPositive();
            assertThat(back).hasSize((int) stats.forwardedDown());
        }
    }

    @Test
    void corruptsBytesWithinItsBudgetAfterTheCleanOnes() throws Exception {
        DatagramImpairment corrupting = new DatagramImpairment(Duration.ZERO, Duration.ZERO, 0, 0.01, 3, 1_000);
        try (UdpRelay relay = relay(DatagramImpairment.NONE, corrupting, 3)) {
            List<byte[]> back = exchange(relay, DATAGRAMS);

            assertThat(back).hasSize(DATAGRAMS);
            long changed = back.stream().mapToLong(d -> changedBytes(d)).sum();
            assertThat(changed).isEqualTo(3);
            assertThat(back.subList(0, 10)).allSatisfy(d -> assertThat(changedBytes(d)).isZero());
            assertThat(relay.stats().corruptedDown()).isEqualTo(3);
        }
    }

    @Test
    void delaysDatagramsWithoutLosingThem() throws Exception {
        DatagramImpairment slow = DatagramImpairment.NONE.withLoss(0)
                .withDelay(Duration.ofMillis(20), Duration.ofMillis(10));
        try (UdpRelay relay = relay(slow, slow, 5)) {
            assertThat(exchange(relay, 50)).hasSize(50);
        }
    }

    private UdpRelay relay(DatagramImpairment up, DatagramImpairment down, long seed) throws IOException {
        return UdpRelay.start((InetSocketAddress) echo.getLocalAddress(), up, down, new SplittableRandom(seed), IDLE);
    }

    /** Sends {@code count} datagrams of 100 bytes, then collects the echoes until none came for half a second. */
    private static List<byte[]> exchange(UdpRelay relay, int count) throws IOException {
        List<byte[]> back = new ArrayList<>();
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            socket.setSoTimeout(500);
            for (int i = 0; i < count; i++) {
                byte[] datagram = new byte[100];
                Arrays.fill(datagram, (byte) 0x5a);
                socket.send(new DatagramPacket(datagram, datagram.length, InetAddress.getLoopbackAddress(),
                        relay.port()));
            }
            while (true) {
                DatagramPacket answer = new DatagramPacket(new byte[2048], 2048);
                try {
                    socket.receive(answer);
                } catch (SocketTimeoutException e) {
                    return back; // the rest was lost on the way there or back
                }
                back.add(Arrays.copyOf(answer.getData(), answer.getLength()));
            }
        }
    }

    private static long changedBytes(byte[] datagram) {
        long changed = 0;
        for (byte b : datagram) {
            if (b != 0x5a) {
                changed++;
            }
        }
        return changed;
    }
}
