package io.drover.suit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ComponentIdTest {

    @Test
    void showsPrintableSegmentsAsTextJoinedBySlash() {
        assertThat(ComponentId.named("app").displayName()).isEqualTo("app");
        assertThat(new ComponentId(List.of(utf8("boot"), utf8("app"))).displayName()).isEqualTo("boot/app");
    }

    @Test
    void showsAnyUnprintableSegmentSetAsHex() {
        // draft-ietf-suit-manifest-37 examples name their component [h'00']
        assertThat(new ComponentId(List.of(new byte[] {0})).displayName()).isEqualTo("h'00'");
        assertThat(new ComponentId(List.of(utf8("a/b"))).displayName()).isEqualTo("h'612f62'");
        assertThat(new ComponentId(List.of(utf8("os"), new byte[] {1})).displayName()).isEqualTo("h'6f73'/h'01'");
    }

    @Test
    void equalsByContent() {
        assertThat(new ComponentId(List.of(utf8("app")))).isEqualTo(ComponentId.named("app"))
                .hasSameHashCodeAs(ComponentId.named("app"))
                .isNotEqualTo(ComponentId.named("os"));
    }

    @Test
    void cannotBeChangedThroughItsArrays() {
        byte[] segment = utf8("app");
        var segments = new ArrayList<>(List.of(segment));
        ComponentId id = new ComponentId(segments);
        segment[0] = 'x';
        segments.clear();
        id.segments().getFirst()[0] = 'y';

        assertThat(id).isEqualTo(ComponentId.named("app"));
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
