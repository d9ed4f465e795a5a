package io.drover.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.drover.agent.slot.ImageDigest;
import io.drover.agent.slot.SlotId;
import io.drover.agent.state.AgentState;
import io.drover.agent.state.StateStore;
import io.drover.suit.report.ManifestReference;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BootAuditTest {
    private static final Map<String, String> FACTORY = Map.of("app", "1.0.0");
    private static final byte[] FACTORY_IMAGE = "factory app".getBytes();
    private static final byte[] NEW_IMAGE = "new app".getBytes();

    @TempDir
    Path dataDir;

    private static ImageDigest digest(byte[] image) throws IOException {
        return ImageDigest.of(new ByteArrayInputStream(image));
    }

    private BootAudit audit() throws IOException {
        return BootAudit.of(dataDir, FACTORY, Map.of("app", digest(FACTORY_IMAGE)));
    }

    private void writeImage(SlotId slot, byte[] image) throws IOException {
        Path path = dataDir.resolve("slots").resolve(slot.name()).resolve("app.img");
        Files.createDirectories(path.getParent());
        Files.write(path, image);
    }

    @Test
    void aFactoryDeviceBootsItsFactoryImage() throws IOException {
        writeImage(SlotId.A, FACTORY_IMAGE);
        BootAudit audit = audit();
        assertThat(audit.bricked()).isFalse();
        assertThat(audit.state()).contains(AgentState.factory(FACTORY));
    }

    @Test
    void anUpdatedDeviceBootsTheImageItsStateNames() throws IOException {
        writeImage(SlotId.A, FACTORY_IMAGE);
        writeImage(SlotId.B, NEW_IMAGE);
        AgentState updated = new AgentState(SlotId.B, 1, 7L, ManifestReference.ofUndecodable(NEW_IMAGE),
                Map.of("app", "1.1.0"), Map.of("app", digest(NEW_IMAGE)), null, null, null, null);
        new StateStore(dataDir).save(updated);

        assertThat(audit().bricked()).isFalse();
        assertThat(audit().state()).contains(updated);
    }

    @Test
    void aDeviceIsBrickedWhenItsActiveSlotLacksTheImageOrHoldsAnother() throws IOException {
        assertThat(audit().problems()).containsExactly("app in its active slot A is missing");

        writeImage(SlotId.A, NEW_IMAGE);
        assertThat(audit().problems()).singleElement().asString()
                .startsWith("app in its active slot A is ").endsWith("not " + digest(FACTORY_IMAGE));
    }

    @Test
    void aDeviceWhoseStateIsUnreadableIsBricked() throws IOException {
        writeImage(SlotId.A, FACTORY_IMAGE);
        Files.writeString(dataDir.resolve("state.json"), "{ half a state");
        BootAudit audit = audit();
        assertThat(audit.bricked()).isTrue();
        assertThat(audit.state()).isEmpty();
        assertThat(audit.problems()).singleElement().asString().startsWith("its state is unreadable");
    }
}
