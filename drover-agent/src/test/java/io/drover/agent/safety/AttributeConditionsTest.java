package io.drover.agent.safety;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AttributeConditionsTest {
    @TempDir
    Path dir;

    private Path attributes() {
        return dir.resolve("attributes.properties");
    }

    private void writeAttributes(String content) throws IOException {
        Files.writeString(attributes(), content);
    }

    @Test
    void attributeConditionFollowsTheFileAsTheApplicationRewritesIt() throws IOException {
        AttributeEquals inDepot = new AttributeEquals(new PropertiesAttributeSource(attributes()), "in_depot", "true");

        assertThat(inDepot.check()).isEqualTo(new Verdict.Waiting("attribute in_depot is not reported, needs true"));
        writeAttributes("in_depot=false\n");
        assertThat(inDepot.check()).isEqualTo(new Verdict.Waiting("attribute in_depot is false, needs true"));
        writeAttributes("# written by the fleet app\nin_depot = true\n");
        assertThat(inDepot.check()).isEqualTo(new Verdict.Holds());
    }

    @Test
    void propertiesSourceReportsEveryAttributeInTheFileAndNoneWithoutIt() throws IOException {
        PropertiesAttributeSource source = new PropertiesAttributeSource(attributes());

        assertThat(source.all()).isEmpty();
        writeAttributes("# written by the fleet app\nin_depot = true\nregion=eu\n");
        assertThat(source.all()).isEqualTo(Map.of("in_depot", "true", "region", "eu"));
    }

    @Test
    void batteryHoldsAtOrAboveTheMinimumOnly() throws IOException {
        BatteryAtLeast battery = new BatteryAtLeast(new PropertiesAttributeSource(attributes()), 40);

        assertThat(battery.check()).isEqualTo(new Verdict.Waiting("battery level (battery_percent) is not reported"));
        writeAttributes("battery_percent=39.5\n");
        assertThat(battery.check()).isEqualTo(new Verdict.Waiting("battery at 39.5 %, needs 40 %"));
        writeAttributes("battery_percent=40\n");
        assertThat(battery.check()).isEqualTo(new Verdict.Holds());
        writeAttributes("battery_percent=full\n");
        assertThat(battery.check()).isEqualTo(
                new Verdict.Waiting("battery level battery_percent is not a number: full"));
    }

    @Test
    void unreadableAttributesWait() {
        AttributeSource broken = name -> {
            throw new IOException("flash read error");
        };

        assertThat(new AttributeEquals(broken, "in_depot", "true").check())
                .isEqualTo(new Verdict.Waiting("attribute in_depot unreadable: flash read error"));
        assertThat(new BatteryAtLeast(broken, 20).check())
                .isEqualTo(new Verdict.Waiting("battery level unreadable: flash read error"));
    }
}
