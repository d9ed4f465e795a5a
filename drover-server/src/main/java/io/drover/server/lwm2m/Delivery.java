package io.drover.server.lwm2m;

import java.net.URI;
import java.util.Optional;

/**
 * How a firmware package reaches a device. Pull is preferred: the device downloads at its own pace with CoAP
 * block-wise transfer, resuming after a loss, and the server holds nothing for it. Push writes the whole package into
 * the Package resource (/5/0/0) with Block1, for devices that cannot pull or when no CoAP endpoint is configured.
 */
enum Delivery {
    PULL,
    PUSH;

    private static final int PULL_ONLY = 0;
    private static final int PUSH_ONLY = 1;
    private static final int COAP = 0;
    private static final int COAPS = 1;

    /**
     * The delivery the device's Delivery Method (/5/0/9) and Protocol Support (/5/0/8) allow: pull when the device
     * pulls, Drover has a package URI and the device speaks its scheme, else push when the device takes pushes and the
     * package is small enough to push; empty when neither. A device that leaves the Delivery Method out is taken to
     * do both; one that leaves Protocol Support out speaks CoAP, as the object says.
     */
    static Optional<Delivery> choose(FirmwareStatus status, Optional<String> pullUri, boolean pushable) {
        int method = status.deliveryMethod().orElse(2);
        boolean pulls = method != PUSH_ONLY && pullUri.map(uri -> speaks(status, uri)).orElse(false);
        if (pulls) {
            return Optional.of(PULL);
        }
        return method != PULL_ONLY && pushable ? Optional.of(PUSH) : Optional.empty();
    }

    private static boolean speaks(FirmwareStatus status, String uri) {
        int protocol = "coaps".equals(URI.create(uri).getScheme()) ? COAPS : COAP;
        return status.protocols().isEmpty() ? protocol == COAP : status.protocols().contains(protocol);
    }
}
