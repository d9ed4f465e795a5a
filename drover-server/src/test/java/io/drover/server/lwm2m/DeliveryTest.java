package io.drover.server.lwm2m;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** How a package reaches a device, from what its Firmware Update object states and what Drover can offer. */
class DeliveryTest {
    private static final Optional<String> COAP_URI = Optional.of("coap://drover.example:5683/a/ab");
    private static final Optional<String> COAPS_URI = Optional.of("coaps://drover.example:5684/a/ab");

    private static FirmwareStatus device(OptionalInt method, Set<Integer> protocols) {
        return new FirmwareStatus(FirmwareState.IDLE, UpdateResult.INITIAL, "", protocols, method);
    }

    @Test
    void pullIsPreferredWhenTheDeviceDoesBoth() {
        assertThat(Delivery.choose(device(OptionalInt.of(2), Set.of(0)), COAP_URI, true)).hasValue(Delivery.PULL);
    }

    @Test
    void deviceThatStatesNoProtocolsSpeaksCoapOnly() {
        assertThat(Delivery.choose(device(OptionalInt.of(2), Set.of()), COAP_URI, true)).hasValue(Delivery.PULL);
        assertThat(Delivery.choose(device(OptionalInt.of(2), Set.of()), COAPS_URI, true)).hasValue(Delivery.PUSH);
        assertThat(Delivery.choose(device(OptionalInt.of(2), Set.of(1)), COAPS_URI, true)).hasValue(Delivery.PULL);
    }

    @Test
    void pushGoesToDevicesThatCannotPullWhatDroverOffers() {
        assertThat(Delivery.choose(device(OptionalInt.of(1), Set.of(0)), COAP_URI, true)).hasValue(Delivery.PUSH);
        assertThat(Delivery.choose(device(OptionalInt.of(2), Set.of(2, 3)), COAP_URI, true)).hasValue(Delivery.PUSH);
        assertThat(Delivery.choose(device(OptionalInt.empty(), Set.of()), Optional.empty(), true))
                .hasValue(Delivery.PUSH);
    }

    @Test
    void nothingWhenNeitherWayIsOpen() {
        assertThat(Delivery.choose(device(OptionalInt.of(0), Set.of(0)), Optional.empty(), true)).isEmpty();
        assertThat(Delivery.choose(device(OptionalInt.of(0), Set.of(2)), COAP_URI, true)).isEmpty();
        assertThat(Delivery.choose(device(OptionalInt.of(1), Set.of(0)), COAP_URI, false)).isEmpty();
    }
}
