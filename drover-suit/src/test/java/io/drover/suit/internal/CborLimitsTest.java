package io.drover.suit.internal;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drover.error.DroverException;
import io.drover.suit.SuitErrors;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class CborLimitsTest {
    private static void assertRefused(byte[] bytes, String messagePart) {
        assertThatThrownBy(() -> CborLimits.check(bytes, "test item"))
                .isInstanceOfSatisfying(DroverException.class, e -> org.assertj.core.api.Assertions
                        .assertThat(e.errorCode()).isEqualTo(SuitErrors.MALFORMED))
                .hasMessageContaining(messagePart);
    }

    private static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex);
    }

    @Test
    void acceptsOrdinaryItems() {
        assertThatCode(() -> CborLimits.check(hex("a2016568656c6c6f0282f5f6"), "map")).doesNotThrowAnyException();
        assertThatCode(() -> CborLimits.check(hex("d86b43010203"), "tagged bytes")).doesNotThrowAnyException();
        assertThatCode(() -> CborLimits.check(hex("fb3ff8000000000000"), "double")).doesNotThrowAnyException();
    }

    @Test
    void refusesDeepNesting() {
        byte[] deep = new byte[CborLimits.MAX_DEPTH + 2];
        Arrays.fill(deep, (byte) 0x81); // [[[[…
        deep[deep.length - 1] = 0x00;
        assertRefused(deep, "nests deeper");
    }

    @Test
    void refusesALengthBeyondTheInputWithoutAllocatingIt() {
        assertRefused(hex("5bffffffffffffffff00"), "bytes remain");
        assertRefused(hex("5a7fffffff00"), "bytes remain");
        assertRefused(hex("7a0000ffff41"), "bytes remain");
    }

    @Test
    void refusesHugeElementCounts() {
        assertRefused(hex("9affffffff00"), "more than the limit");
        assertRefused(hex("ba0000ffff0000"), "more than the limit");
    }

    @Test
    void refusesIndefiniteLengthsReservedValuesAndTrailingBytes() {
        assertRefused(hex("9f01ff"), "indefinite length");
        assertRefused(hex("5f41004100ff"), "indefinite length");
        assertRefused(hex("1c"), "reserved");
        assertRefused(hex("ff"), "stray break");
        assertRefused(hex("0102"), "after its CBOR item");
        assertRefused(hex("8301"), "ends in the middle");
        assertRefused(new byte[0], "empty");
    }
}
