package io.drover.bench;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A UDP relay on loopback between one client and a server that counts what crosses it: datagrams and their UDP
 * payload bytes, each way. What a constrained link carries above IP and UDP.
 */
final class UdpCountingRelay implements AutoCloseable {
    /** What crossed the relay so far. */
    record Count(long datagramsUp, long bytesUp, long datagramsDown, long bytesDown) {
        long bytes() {
            return bytesUp + bytesDown;
        }

        long datagrams() {
            return datagramsUp + datagramsDown;
        }

        Count minus(Count earlier) {
            return new Count(datagramsUp - earlier.datagramsUp, bytesUp - earlier.bytesUp,
                    datagramsDown - earlier.datagramsDown, bytesDown - earlier.bytesDown);
        }
    }

    private final DatagramSocket front;
    private final DatagramSocket back;
    private final AtomicLong datagramsUp = new AtomicLong();
    private final AtomicLong bytesUp = new AtomicLong();
    private final AtomicLong datagramsDown = new AtomicLong();
    private final AtomicLong bytesDown = new AtomicLong();
    private volatile SocketAddress client;

    UdpCountingRelay(int serverPort) throws IOException {
        front = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        back = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        back.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), serverPort));
        Thread.ofPlatform().daemon().start(() -> pump(true));
        Thread.ofPlatform().daemon().start(() -> pump(false));
    }

    /** The port a client sends to. */
    int port() {
        return front.getLocalPort();
    }

    Count count() {
        return new Count(datagramsUp.get(), bytesUp.get(), datagramsDown.get(), bytesDown.get());
    }

    private void pump(boolean up) {
        byte[] buffer = new byte[65_535];
        DatagramSocket from = up ? front : back;
        try {
            while (true) {
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                from.receive(packet);
                if (up) {
                    client = packet.getSocketAddress();
                    datagramsUp.incrementAndGet();
                    bytesUp.addAndGet(packet.getLength());
                    back.send(new DatagramPacket(buffer, packet.getLength()));
                } else if (client != null) {
                    datagramsDown.incrementAndGet();
                    bytesDown.addAndGet(packet.getLength());
                    front.send(new DatagramPacket(buffer, packet.getLength(), client));
                }
            }
        } catch (IOException closed) {
            // the relay was closed
        }
    }

    @Override
    public void close() {
        front.close();
        back.close();
    }
}
