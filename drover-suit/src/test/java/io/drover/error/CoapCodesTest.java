package io.drover.error;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CoapCodesTest {
    @Test
    void everyCategoryComesBackFromItsOwnCode() {
        for (ErrorCode.Category category : ErrorCode.Category.values()) {
            assertThat(CoapCodes.categoryOf(CoapCodes.of(category))).isEqualTo(category);
        }
    }

    @Test
    void codesAreTheBytesOnTheWire() {
        assertThat(CoapCodes.of(ErrorCode.Category.NOT_FOUND)).isEqualTo(0x84);
        assertThat(CoapCodes.text(CoapCodes.of(ErrorCode.Category.TOO_LARGE))).isEqualTo("4.13");
        assertThat(CoapCodes.text(CoapCodes.of(ErrorCode.Category.REJECTED))).isEqualTo("4.22");
        assertThat(CoapCodes.text(CoapCodes.of(ErrorCode.Category.INTERNAL))).isEqualTo("5.00");
    }

    @Test
    void foreignCodesFallIntoTheNearestCategory() {
        assertThat(CoapCodes.categoryOf(CoapCodes.REQUEST_ENTITY_INCOMPLETE)).isEqualTo(ErrorCode.Category.MALFORMED);
        assertThat(CoapCodes.categoryOf(CoapCodes.UNSUPPORTED_CONTENT_FORMAT)).isEqualTo(ErrorCode.Category.MALFORMED);
        assertThat(CoapCodes.categoryOf(5 << 5 | 3)).isEqualTo(ErrorCode.Category.INTERNAL); // 5.03
        assertThat(CoapCodes.categoryOf(4 << 5 | 12)).isEqualTo(ErrorCode.Category.CONFLICT); // 4.12
    }
}
