package io.drover.server.coap;

import io.drover.coap.BlockSource;
import io.drover.error.DroverException;
import io.drover.server.blob.Sha256Prefix;
import io.drover.server.fleet.FleetErrors;
import io.drover.server.release.ReleaseErrors;
import io.drover.server.web.PathParams;
import java.util.List;
import java.util.regex.Pattern;
import org.eclipse.californium.core.CoapExchange;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.server.resources.Resource;

/**
 * A release's signed envelope (CBOR), block-wise when large: {@code GET /e/{releaseId}} for a device of its class,
 * {@code GET /e/{sha256}} (the digest of its bytes, or its first 16 or more hex digits) for any device, as artifacts
 * are by theirs. Only a check-in answer of its class names an envelope's digest; a gateway learns it from the devices
 * it serves. On the plain port, which has no device, envelopes are served by digest only. A name of 16 or more hex
 * digits is a digest or its prefix, never a release id (ids come from a database sequence, nowhere near 10^15).
 */
final class EnvelopeResource extends DeviceResource {
    private static final Pattern DIGEST_NAME = Pattern.compile("[0-9a-f]{" + Sha256Prefix.MIN_DIGITS + ",64}");

    private final boolean byReleaseId;

    private EnvelopeResource(DeviceContext context, boolean byReleaseId) {
        super("e", context);
        this.byReleaseId = byReleaseId;
    }

    /** On the DTLS port: by release id and by digest. */
    static EnvelopeResource forDevices(DeviceContext context) {
        return new EnvelopeResource(context, true);
    }

    /** On the plain port: by digest only. */
    static EnvelopeResource byDigest(DeviceContext context) {
        return new EnvelopeResource(context, false);
    }

    /** Every name below {@code /e} is a release id or a digest; the handler checks the path. */
    @Override
    public Resource getChild(String name) {
        return this;
    }

    @Override
    public void handleGET(CoapExchange exchange) {
        List<String> path = path(exchange);
        if (path.size() != 2) {
            throw new DroverException(ReleaseErrors.NOT_FOUND, "an envelope's path is /e/{releaseId} or /e/{sha256}, "
                    + "not /" + exchange.getRequestOptions().getUriPathString());
        }
        String name = path.get(1);
        byte[] envelope;
        if (DIGEST_NAME.matcher(name).matches()) {
            envelope = context.api().envelope(name).bytes();
        } else if (byReleaseId) {
            envelope = context.api().envelope(device(exchange), PathParams.parseLong("releaseId", name));
        } else {
            throw new DroverException(FleetErrors.UNKNOWN_CREDENTIAL, "a release's envelope by id is for a device "
                    + "of its class, over DTLS; here envelopes are named by their SHA-256");
        }
        exchange.respond(context.blocks().answer(exchange.getRequestOptions(), BlockSource.of(envelope),
                MediaTypeRegistry.APPLICATION_CBOR));
    }
}
