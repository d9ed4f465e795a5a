package io.drover.server.lwm2m;

import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import org.eclipse.leshan.core.node.LwM2mObjectInstance;
import org.eclipse.leshan.core.node.LwM2mResource;
import org.eclipse.leshan.core.node.LwM2mResourceInstance;

/**
 * What a device's Firmware Update object instance (/5/0) says, from one read, so that State and Update Result are
 * seen together.
 *
 * @param packageUri the Package URI resource (/5/0/1): the last one written, or empty
 * @param protocols the Firmware Update Protocol Support resource (/5/0/8): 0 CoAP, 1 CoAPS, 2 HTTP, 3 HTTPS, 4 CoAP
 *     over TCP, 5 CoAP over TLS; empty when the device leaves it out, which means CoAP
 * @param deliveryMethod the Firmware Update Delivery Method resource (/5/0/9): 0 pull only, 1 push only, 2 both
 */
record FirmwareStatus(FirmwareState state, UpdateResult result, String packageUri, Set<Integer> protocols,
        OptionalInt deliveryMethod) {
    static final int OBJECT = 5;
    static final int PACKAGE = 0;
    static final int PACKAGE_URI = 1;
    static final int UPDATE = 2;
    static final int STATE = 3;
    static final int UPDATE_RESULT = 5;
    static final int PROTOCOLS = 8;
    static final int DELIVERY_METHOD = 9;

    FirmwareStatus {
        protocols = Set.copyOf(protocols);
    }

    /**
     * The status an instance states; empty when its State or Update Result is missing, of another type, or a value
     * the object does not define. Optional resources of the wrong shape are taken as absent.
     */
    static Optional<FirmwareStatus> of(LwM2mObjectInstance instance) {
        Optional<FirmwareState> state = integer(instance, STATE).flatMap(FirmwareState::of);
        Optional<UpdateResult> result = integer(instance, UPDATE_RESULT).flatMap(UpdateResult::of);
        if (state.isEmpty() || result.isEmpty()) {
            return Optional.empty();
        }
        String uri = single(instance, PACKAGE_URI).map(LwM2mResource::getValue)
                .filter(String.class::isInstance).map(String.class::cast).orElse("");
        Set<Integer> protocols = new TreeSet<>();
        LwM2mResource supported = instance.getResource(PROTOCOLS);
        if (supported != null && supported.isMultiInstances()) {
            for (LwM2mResourceInstance protocol : supported.getInstances().values()) {
                if (protocol.getValue() instanceof Long code && code >= 0 && code <= Integer.MAX_VALUE) {
                    protocols.add(code.intValue());
                }
            }
        }
        OptionalInt method = integer(instance, DELIVERY_METHOD).filter(m -> m >= 0 && m <= 2)
                .map(m -> OptionalInt.of(m.intValue())).orElse(OptionalInt.empty());
        return Optional.of(new FirmwareStatus(state.get(), result.get(), uri, protocols, method));
    }

    private static Optional<LwM2mResource> single(LwM2mObjectInstance instance, int id) {
        return Optional.ofNullable(instance.getResource(id)).filter(r -> !r.isMultiInstances());
    }

    private static Optional<Long> integer(LwM2mObjectInstance instance, int id) {
        return single(instance, id).map(LwM2mResource::getValue).filter(Long.class::isInstance).map(Long.class::cast);
    }
}
