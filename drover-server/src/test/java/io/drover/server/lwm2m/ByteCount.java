package io.drover.server.lwm2m;

import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.californium.core.coap.EmptyMessage;
import org.eclipse.californium.core.coap.Message;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.coap.Response;
import org.eclipse.californium.core.network.interceptors.MessageInterceptor;

/** Counts the CoAP messages a device's endpoints send and receive, and their bytes (UDP payloads). */
final class ByteCount implements MessageInterceptor {
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong messages = new AtomicLong();
    private final AtomicLong unserialized = new AtomicLong();

    long bytes() {
        return bytes.get();
    }

    long messages() {
        return messages.get();
    }

    /** Messages seen before their encoding existed, which the counts miss: a correct count has none. */
    long unserialized() {
        return unserialized.get();
    }

    private void count(Message message) {
        byte[] encoded = message.getBytes();
        if (encoded == null) {
            unserialized.incrementAndGet();
        } else {
            bytes.addAndGet(encoded.length);
            messages.incrementAndGet();
        }
    }

    @Override
    public void sendRequest(Request request) {
        count(request);
    }

    @Override
    public void sendResponse(Response response) {
        count(response);
    }

    @Override
    public void sendEmptyMessage(EmptyMessage message) {
        count(message);
    }

    @Override
    public void receiveRequest(Request request) {
        count(request);
    }

    @Override
    public void receiveResponse(Response response) {
        count(response);
    }

    @Override
    public void receiveEmptyMessage(EmptyMessage message) {
        count(message);
    }
}
