package io.drover.server.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drover.error.DroverException;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class VersionTest {

    @Test
    void ordersNumericPartsAsNumbersAndQualifiersBeforeTheirRelease() {
        List<String> sorted = Stream.of("1.10", "1.9", "2.0-rc2", "2.0", "1.9.1", "2.0-rc10", "0.9")
                .map(Version::of).sorted().map(Version::toString).toList();
        assertThat(sorted).containsExactly("0.9", "1.9", "1.9.1", "1.10", "2.0-rc2", "2.0-rc10", "2.0");
    }

    @Test
    void trailingZerosDoNotMakeADifferentVersion() {
        assertThat(Version.of("1.0")).isEqualTo(Version.of("1.0.0")).hasSameHashCodeAs(Version.of("1.0.0"));
        assertThat(Version.of("1.0.0")).hasToString("1.0.0");
    }

    @Test
    void refusesBlankPaddedOrOverlongVersions() {
        for (String bad : new String[] {null, "", "  ", " 1.0", "1.0 ", "9".repeat(101)}) {
            assertThatThrownBy(() -> Version.of(bad))
                    .isInstanceOfSatisfying(DroverException.class,
                            e -> assertThat(e.errorCode()).isEqualTo(CompatErrors.INVALID));
        }
    }
}
