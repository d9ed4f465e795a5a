package io.drover.agent.coap;

import io.drover.agent.AgentErrors;
import io.drover.error.CoapCodes;
import io.drover.error.DroverException;
import io.drover.error.ErrorCode;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.coap.Response;
import org.eclipse.californium.core.network.Endpoint;

/**
 * Requests from one CoAP endpoint of the agent (plain UDP or DTLS) to one peer. Each request waits at most the
 * request timeout for its answer while Californium retransmits it (a confirmable request, RFC 7252 §4.2); no answer
 * is an {@link IOException}, like a broken TCP connection, and an error answer is a {@link DroverException} with the
 * server's code and the category of its CoAP code ({@link CoapCodes}).
 */
final class CoapLink {
    private static final int MAX_DIAGNOSTIC = 200;

    private final Endpoint endpoint;
    private final URI peer;
    private final Duration timeout;

    /** @param peer the scheme, host and port requests go to; its path is ignored */
    CoapLink(Endpoint endpoint, URI peer, Duration timeout) {
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.peer = Objects.requireNonNull(peer, "peer");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    URI peer() {
        return peer;
    }

    Duration timeout() {
        return timeout;
    }

    /** A request to {@code path} (with its query, if any) on the peer, ready for options and payload. */
    Request request(Request request, String path) {
        return request.setURI(peer.getScheme() + "://" + peer.getRawAuthority() + path);
    }

    /** Sends {@code request} and returns its successful answer. */
    Response send(Request request) throws IOException, InterruptedException {
        request.send(endpoint);
        Response response;
        try {
            response = request.waitForResponse(timeout.toMillis());
        } catch (InterruptedException e) {
            request.cancel();
            throw e;
        }
        if (response == null) {
            request.cancel();
            Throwable error = request.getSendError();
            String what = request.getCode() + " " + request.getOptions().getUriPathString() + " to " + peer;
            if (error != null) {
                throw new IOException(what + " failed: " + error, error);
            }
            throw new IOException(what + (request.isRejected() ? " was rejected" : " got no answer within " + timeout));
        }
        if (!response.isSuccess()) {
            throw failure(request, response);
        }
        return response;
    }

    /**
     * The server's error: Drover puts its stable code and message in the diagnostic payload as
     * {@code "<code>: <message>"}; any other payload keeps the category with a generic code.
     */
    static DroverException failure(Request request, Response response) {
        int code = response.getRawCode();
        ErrorCode.Category category = CoapCodes.categoryOf(code);
        String where = request.getCode() + " /" + request.getOptions().getUriPathString() + " answered "
                + CoapCodes.text(code);
        String text = response.getPayloadSize() == 0 ? "" : new String(response.getPayload(), StandardCharsets.UTF_8);
        int colon = text.indexOf(": ");
        if (colon > 0 && text.substring(0, colon).matches("[a-z0-9-]+(\\.[a-z0-9-]+)+")) {
            return new DroverException(new ErrorCode(text.substring(0, colon), category),
                    where + ": " + text.substring(colon + 2));
        }
        return new DroverException(new ErrorCode(AgentErrors.UNEXPECTED_RESPONSE.code(), category),
                where + (text.isEmpty() ? "" : ": " + text.substring(0, Math.min(text.length(), MAX_DIAGNOSTIC))));
    }
}
