package io.drover.server.coap;

import io.drover.coap.BlockSource;
import io.drover.server.blob.Sha256Prefix;
import io.drover.server.device.CheckIn;
import io.drover.server.device.DeviceApi;
import io.drover.server.fleet.AuthenticatedDevice;
import io.drover.server.rollout.Assignment;
import org.eclipse.californium.core.CoapExchange;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.CoAP.Type;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.coap.Response;

/**
 * {@code GET /c}: the device's check-in, the HTTP check-in's answer in CBOR with an ETag (8 bytes). A request
 * carrying the current ETag is answered 2.03 Valid with no body. The resource is observable (RFC 7641): a device that
 * registers is sent a new answer (confirmable) whenever its answer changes ({@link CheckInObservers}), so it learns of
 * an update without polling. The assignment's envelope and artifact URLs name the CoAP resources ({@code /e/{id}},
 * {@code /a/} and the digest's first 16 hex digits).
 */
final class CheckInResource extends DeviceResource {
    private final CheckInObservers observers;

    CheckInResource(DeviceContext context, CheckInObservers observers) {
        super("c", context);
        this.observers = observers;
        setObservable(true);
        setObserveType(Type.CON);
    }

    @Override
    public void handleGET(CoapExchange exchange) {
        AuthenticatedDevice device = device(exchange);
        DeviceApi.CheckInReply reply = context.api().checkIn(device);
        byte[] etag = CoapEtag.of(reply.etag());
        Response response;
        if (exchange.getRequestOptions().containsETag(etag)) {
            response = new Response(ResponseCode.VALID);
        } else {
            response = context.blocks().answer(exchange.getRequestOptions(),
                    BlockSource.of(context.cbor().write(overCoap(reply.body()))), MediaTypeRegistry.APPLICATION_CBOR);
        }
        response.getOptions().addETag(etag);
        observers.answered(exchange, device, etag);
        exchange.respond(response);
    }

    /** The answer with the URLs a device fetches over CoAP. */
    static CheckIn overCoap(CheckIn checkIn) {
        Assignment a = checkIn.assignment();
        if (a == null) {
            return checkIn;
        }
        return new CheckIn(checkIn.deviceId(), new Assignment(a.rolloutId(), a.releaseId(), a.sequenceNumber(),
                "/e/" + a.releaseId(), a.envelopeSha256(), a.artifacts().stream()
                        .map(artifact -> new Assignment.AssignedArtifact(artifact.component(), artifact.sha256(),
                                artifact.size(), "/a/" + artifact.sha256().substring(0, Sha256Prefix.MIN_DIGITS)))
                        .toList(),
                a.safety()), checkIn.rollback());
    }
}
