package io.drover.error;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HttpStatusesTest {
    @Test
    void everyCategoryComesBackFromItsOwnStatus() {
        for (ErrorCode.Category category : ErrorCode.Category.values()) {
            assertThat(HttpStatuses.categoryOf(HttpStatuses.of(category))).isEqualTo(category);
        }
    }

    @Test
    void foreignStatusesFallIntoTheNearestCategory() {
        assertThat(HttpStatuses.categoryOf(407)).isEqualTo(ErrorCode.Category.MALFORMED);
        assertThat(HttpStatuses.categoryOf(503)).isEqualTo(ErrorCode.Category.INTERNAL);
        assertThat(HttpStatuses.categoryOf(418)).isEqualTo(ErrorCode.Category.MALFORMED);
    }
}
