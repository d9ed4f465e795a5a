package io.drover.server.rollout.targeting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drover.error.DroverException;
import io.drover.server.fleet.DeviceTraits;
import io.drover.server.rollout.RolloutErrors;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DeviceFilterTest {
    private static final DeviceTraits TRAIN = new DeviceTraits(
            Map.of("region", "eu", "line", "S5", "depot", "Köln Nord", "battery_mah", "3000", "os", "1.10"),
            Set.of("canary", "depot-7"));
    private static final DeviceTraits BARE = new DeviceTraits(Map.of(), Set.of());

    private static boolean matches(String filter, DeviceTraits device) {
        return DeviceFilter.parse(filter).matches(device);
    }

    @Test
    void comparesAttributesAsTextForEquality() {
        assertThat(matches("region = eu and line = S5", TRAIN)).isTrue();
        assertThat(matches("region = us", TRAIN)).isFalse();
        assertThat(matches("depot = \"Köln Nord\"", TRAIN)).isTrue();
        assertThat(matches("region != us", TRAIN)).isTrue();
    }

    @Test
    void ordersAttributesAsVersions() {
        assertThat(matches("os > 1.9", TRAIN)).isTrue();
        assertThat(matches("os >= 1.10 and os <= 1.10", TRAIN)).isTrue();
        assertThat(matches("battery_mah < 999", TRAIN)).isFalse();
        assertThat(matches("battery_mah >= 3000", TRAIN)).isTrue();
    }

    @Test
    void asksGroupsThroughTheGroupName() {
        assertThat(matches("group = canary", TRAIN)).isTrue();
        assertThat(matches("group = beta", TRAIN)).isFalse();
        assertThat(matches("group != beta", TRAIN)).isTrue();
        assertThat(matches("group in (beta, depot-7)", TRAIN)).isTrue();
    }

    @Test
    void combinesWithPrecedenceNotThenAndThenOr() {
        assertThat(matches("region = us or region = eu and line = S5", TRAIN)).isTrue();
        assertThat(matches("(region = us or region = eu) and line = S6", TRAIN)).isFalse();
        assertThat(matches("not region = us and not (line in (S1, S2))", TRAIN)).isTrue();
        assertThat(matches("not not region = eu", TRAIN)).isTrue();
    }

    @Test
    void aMissingAttributeFailsEveryComparisonButInequality() {
        assertThat(matches("region = eu", BARE)).isFalse();
        assertThat(matches("os > 0", BARE)).isFalse();
        assertThat(matches("region in (eu)", BARE)).isFalse();
        assertThat(matches("region != eu", BARE)).isTrue();
    }

    @Test
    void anAttributeThatIsNotAVersionIsNeitherAboveNorBelow() {
        DeviceTraits odd = new DeviceTraits(Map.of("os", " "), Set.of());
        assertThat(matches("os > 1", odd)).isFalse();
        assertThat(matches("os < 1", odd)).isFalse();
    }

    @Test
    void quotedValuesKeepEscapedQuotes() {
        DeviceTraits quoted = new DeviceTraits(Map.of("label", "a \"b\" \\ c"), Set.of());
        assertThat(matches("label = \"a \\\"b\\\" \\\\ c\"", quoted)).isTrue();
    }

    @Test
    void refusesMalformedFiltersNamingWhere() {
        assertInvalid("", "must not be empty");
        assertInvalid("region", "position 7: expected one of = != < <= > >= or 'in' after 'region', found the end");
        assertInvalid("region = eu and", "position 16: expected an attribute name or 'group', found the end");
        assertInvalid("region = eu line = S5", "position 13: expected 'and', 'or' or the end, found 'line'");
        assertInvalid("(region = eu", "position 13: expected ')', found the end");
        assertInvalid("region ! eu", "position 8: '!' must be followed by '='");
        assertInvalid("region = \"eu", "position 10: quoted value is not closed");
        assertInvalid("region = \"e\\u\"", "only \\\" and \\\\ may be escaped");
        assertInvalid("region = eu; drop", "position 12: unexpected character ';'");
        assertInvalid("group > canary", "groups are compared with = or != only");
        assertInvalid("os > \" 1\"", "is not a version to compare with");
        assertInvalid("region in eu", "expected '(' after 'in'");
        assertInvalid("region in (eu,)", "expected a value, found ')'");
        assertInvalid("and = x", "expected an attribute name or 'group', found 'and'");
        assertInvalid("x = y and ".repeat(300) + "x = y", "at most 2000 characters");
        assertInvalid("(".repeat(40) + "x = y" + ")".repeat(40), "nest at most 32 levels");
    }

    private static void assertInvalid(String filter, String message) {
        assertThatThrownBy(() -> DeviceFilter.parse(filter)).as(filter)
                .isInstanceOfSatisfying(DroverException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(RolloutErrors.INVALID_FILTER))
                .hasMessageContaining(message);
    }
}
