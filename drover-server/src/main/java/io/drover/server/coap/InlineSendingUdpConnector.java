package io.drover.server.coap;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import org.eclipse.californium.elements.EndpointContext;
import org.eclipse.californium.elements.EndpointContextMatcher;
import org.eclipse.californium.elements.RawData;
import org.eclipse.californium.elements.UDPConnector;
import org.eclipse.californium.elements.UdpEndpointContext;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.exception.EndpointMismatchException;

/**
 * Californium's UDP connector, but each datagram is sent by the thread that made it instead of being queued for a
 * sender thread. The plain port answers every block request on its receiving thread ({@link InlineProtocolExecutor}):
 * reading the block and building the response is cheap, and the hand-off to the sender thread, a queue and a thread
 * wake-up for every block, cost more than the send. A UDP send does not hold the thread up: the kernel drops what its
 * buffer cannot take, as the network would. The checks and callbacks are those of Californium's sender.
 */
final class InlineSendingUdpConnector extends UDPConnector {
    private volatile DatagramSocket socket;
    private volatile EndpointContextMatcher matcher;

    InlineSendingUdpConnector(InetSocketAddress address, Configuration config) {
        super(address, config);
    }

    @Override
    protected void init(DatagramSocket socket) throws IOException {
        this.socket = socket;
        super.init(socket);
    }

    @Override
    public void setEndpointContextMatcher(EndpointContextMatcher matcher) {
        this.matcher = matcher;
        super.setEndpointContextMatcher(matcher);
    }

    @Override
    public void send(RawData message) {
        DatagramSocket current = socket;
        if (!isRunning() || current == null) {
            super.send(message); // which fails the message as the connector is not running
            return;
        }
        InetSocketAddress peer = message.getEndpointContext().getPeerAddress();
        EndpointContext connection = new UdpEndpointContext(peer);
        EndpointContextMatcher contexts = matcher;
        if (contexts != null && !contexts.isToBeSent(message.getEndpointContext(), connection)) {
            message.onError(new EndpointMismatchException("UDP"));
            return;
        }
        try {
            message.onContextEstablished(connection);
            current.send(new DatagramPacket(message.getBytes(), message.getSize(), peer));
            message.onSent();
        } catch (IOException e) {
            message.onError(e);
        }
    }
}
