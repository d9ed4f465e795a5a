package io.drover.server.lwm2m;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.californium.core.coap.CoAP;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.coap.Response;
import org.eclipse.californium.core.coap.Token;
import org.eclipse.californium.core.network.interceptors.MessageInterceptor;

/**
 * Drops, unsent, a client's answers to one kind of request, as a device that restarts before its answer goes out.
 * It sits ahead of the client's stack ({@link Lwm2mTestDevice#interceptBeforeSending}): a message it cancels is not
 * sent.
 */
final class LostAnswers implements MessageInterceptor {
    private final CoAP.Code method;
    private final String path;
    private final Set<Token> asked = ConcurrentHashMap.newKeySet();
    private final AtomicInteger lost = new AtomicInteger();

    /** @param path the request's Uri-Path, as {@code 5/0/2} */
    LostAnswers(CoAP.Code method, String path) {
        this.method = method;
        this.path = path;
    }

    @Override
    public void receiveRequest(Request request) {
        if (request.getCode() == method && request.getOptions().getUriPathString().equals(path)) {
            asked.add(request.getToken());
        }
    }

    @Override
    public void sendResponse(Response response) {
        if (asked.remove(response.getToken())) {
            response.cancel();
            lost.incrementAndGet();
        }
    }

    /** How many answers were dropped. */
    int count() {
        return lost.get();
    }
}
