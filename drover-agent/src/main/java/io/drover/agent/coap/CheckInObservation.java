package io.drover.agent.coap;

import io.drover.agent.transport.CheckIn;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.californium.core.CoapClient;
import org.eclipse.californium.core.CoapHandler;
import org.eclipse.californium.core.CoapObserveRelation;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.coap.Response;
import org.eclipse.californium.core.coap.option.BlockOption;
import org.eclipse.californium.core.network.Endpoint;
import org.eclipse.californium.elements.exception.ConnectorException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The device's check-in, {@code GET /c}, observed (RFC 7641): the first check-in registers the observation, and from
 * then on the server sends the answer again whenever it changes, which {@link #changed()} reports so the agent checks
 * in at once rather than at its next poll. A check-in uses the notification that came since the last one, so it costs
 * nothing on the air; without one it asks the server, with the ETag of the answer it holds (2.03 Valid when nothing
 * changed). An observation the server cancels or does not grant (it has too many observers) is registered again at a
 * later check-in; meanwhile the device polls. Californium registers again by itself when notifications stop coming for
 * their Max-Age.
 */
final class CheckInObservation implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CheckInObservation.class);
    private static final String PATH = "/c";
    /** CoAP ETags have at most 8 bytes (RFC 7252 §5.10.6). */
    private static final int MAX_ETAG_BYTES = 8;

    private final CoapLink server;
    private final Endpoint endpoint;
    private final CborBodies bodies;
    private final int blockSize;
    private final AtomicReference<Response> notified = new AtomicReference<>();
    private CoapClient client;
    private CoapObserveRelation relation;
    private volatile String held;

    CheckInObservation(CoapLink server, Endpoint endpoint, CborBodies bodies, int blockSize) {
        this.server = server;
        this.endpoint = endpoint;
        this.bodies = bodies;
        this.blockSize = blockSize;
    }

    /** The server's answer, or {@link CheckIn.NotModified} when it still carries {@code etag}. */
    synchronized CheckIn checkIn(String etag) throws IOException, InterruptedException {
        held = etag;
        if (relation == null || relation.isCanceled()) {
            observe();
        }
        // The registration's answer is handed over on Californium's executor: when it has not arrived yet, the device
        // asks once more, and the late notification then carries the ETag it holds.
        Response notification = notified.getAndSet(null);
        if (notification != null) {
            return answer(notification, etag);
        }
        Request poll = CoapDeviceClient.accepting(server.request(Request.newGet(), PATH));
        byte[] tag = etagBytes(etag);
        if (tag != null) {
            poll.getOptions().addETag(tag);
        }
        poll.getOptions().setBlock2(BlockOption.size2Szx(blockSize), false, 0);
        return answer(server.send(poll), etag);
    }

    /** Whether the server notified an answer other than the one the agent holds since its last check-in. */
    boolean changed() {
        Response notification = notified.get();
        return notification != null && !Objects.equals(etagOf(notification), held);
    }

    /**
     * Forgets the observation here only: a cancelling request would race the endpoint's closing, and the server drops
     * the observation anyway when its next notification is refused.
     */
    @Override
    public synchronized void close() {
        if (relation != null && !relation.isCanceled()) {
            relation.reactiveCancel();
        }
        if (client != null) {
            client.shutdown();
        }
    }

    private void observe() throws IOException {
        if (client == null) {
            client = new CoapClient().setEndpoint(endpoint).setTimeout(server.timeout().toMillis());
        }
        Request request = CoapDeviceClient.accepting(server.request(Request.newGet(), PATH));
        request.setObserve();
        request.getOptions().setBlock2(BlockOption.size2Szx(blockSize), false, 0);
        try {
            relation = client.observeAndWait(request, new CoapHandler() {
                @Override
                public void onLoad(CoapResponse response) {
                    if (response.isSuccess()) {
                        notified.set(response.advanced());
                    }
                }

                @Override
                public void onError() {
                    // No answer: the next check-in polls, and registers again.
                }
            });
        } catch (ConnectorException e) {
            throw new IOException("observing " + PATH + " failed: " + e.getMessage(), e);
        }
        if (relation.isCanceled()) {
            // Refused (the poll below reports the server's code), unanswered (the poll times out too), or granted no
            // observation (too many observers): the device polls.
            log.debug("the server did not grant the observation of {}; polling", PATH);
        }
    }

    private CheckIn answer(Response response, String etag) throws IOException, InterruptedException {
        String answered = etagOf(response);
        if (response.getCode() == ResponseCode.VALID || (answered != null && answered.equals(etag))) {
            return new CheckIn.NotModified();
        }
        byte[] body = body(response);
        CborBodies.CheckInBody checkIn = bodies.read(body, PATH, CborBodies.CheckInBody.class);
        return new CheckIn.Current(answered, checkIn.deviceId(), Optional.ofNullable(checkIn.assignment()),
                Optional.ofNullable(checkIn.rollback()));
    }

    /** The whole answer: the first block's payload, and the blocks after it when there are more. */
    private byte[] body(Response first) throws IOException, InterruptedException {
        byte[] payload = first.getPayload() == null ? new byte[0] : first.getPayload();
        BlockOption block = first.getOptions().getBlock2();
        if (block == null || !block.isM()) {
            return payload;
        }
        ByteArrayOutputStream whole = new ByteArrayOutputStream();
        whole.write(payload);
        try (InputStream rest = Block2Stream.open(server, () -> CoapDeviceClient.accepting(Request.newGet()), PATH,
                payload.length, block.getSize())) {
            rest.transferTo(whole);
        }
        return whole.toByteArray();
    }

    private static String etagOf(Response response) {
        return response.getOptions().getETagCount() == 0 ? null
                : HexFormat.of().formatHex(response.getOptions().getETags().getFirst().getValue());
    }

    /** The ETag the agent saved, as CoAP sends it; one saved by another transport is none. */
    private static byte[] etagBytes(String etag) {
        if (etag == null || etag.isEmpty() || etag.length() > 2 * MAX_ETAG_BYTES) {
            return null;
        }
        try {
            return HexFormat.of().parseHex(etag);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
