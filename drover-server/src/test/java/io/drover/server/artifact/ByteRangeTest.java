package io.drover.server.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drover.error.DroverException;
import io.drover.error.RangeErrors;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ByteRangeTest {
    @Test
    void readsTheFormsAResumingClientSends() {
        assertThat(ByteRange.parse("bytes=100-", 1000)).contains(new ByteRange(100, 999, 1000));
        assertThat(ByteRange.parse("bytes=100-199", 1000)).contains(new ByteRange(100, 199, 1000));
        assertThat(ByteRange.parse("bytes=-10", 1000)).contains(new ByteRange(990, 999, 1000));
        assertThat(ByteRange.parse("bytes=-5000", 1000)).contains(new ByteRange(0, 999, 1000));
        assertThat(ByteRange.parse("bytes=900-5000", 1000)).contains(new ByteRange(900, 999, 1000));
    }

    @Test
    void servesTheWholeBodyForNoOrUnsupportedRanges() {
        assertThat(ByteRange.parse(null, 1000)).isEqualTo(Optional.empty());
        assertThat(ByteRange.parse("bytes=0-1,5-6", 1000)).isEmpty();
        assertThat(ByteRange.parse("items=0-1", 1000)).isEmpty();
        assertThat(ByteRange.parse("bytes=-", 1000)).isEmpty();
    }

    @Test
    void refusesARangeStartingPastTheEnd() {
        for (String header : new String[] {"bytes=1000-", "bytes=5000-6000", "bytes=-0"}) {
            assertThatThrownBy(() -> ByteRange.parse(header, 1000))
                    .isInstanceOfSatisfying(DroverException.class,
                            e -> assertThat(e.errorCode()).isEqualTo(RangeErrors.NOT_SATISFIABLE));
        }
    }

    @Test
    void refusesBackwardsAndOversizedRanges() {
        for (String header : new String[] {"bytes=20-10", "bytes=99999999999999999999-"}) {
            assertThatThrownBy(() -> ByteRange.parse(header, 1000))
                    .isInstanceOfSatisfying(DroverException.class, e -> assertThat(e.errorCode()).isEqualTo(RangeErrors.BAD_RANGE));
        }
    }

    @Test
    void describesItselfAsAContentRange() {
        assertThat(new ByteRange(10, 19, 100).contentRange()).isEqualTo("bytes 10-19/100");
        assertThat(new ByteRange(10, 19, 100).length()).isEqualTo(10);
    }
}
