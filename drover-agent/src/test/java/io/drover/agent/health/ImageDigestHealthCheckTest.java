package io.drover.agent.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.drover.agent.slot.FileSlotStore;
import io.drover.agent.slot.ImageDigest;
import io.drover.agent.slot.ImageWriter;
import io.drover.agent.slot.SlotId;
import io.drover.agent.testing.TestRelease.Image;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageDigestHealthCheckTest {
    private static final Image APP = Image.of("app", "1.1.0", 10_000);
    private static final Image OS = Image.of("os", "4.0", 5_000);

    @TempDir
    Path dataDir;

    private FileSlotStore store;
    private TrialSlot trial;

    @BeforeEach
    void setUp() throws IOException {
        store = new FileSlotStore(dataDir);
        write(APP);
        write(OS);
        trial = new TrialSlot(store.view(SlotId.B), 3, Map.of("app", digest(APP), "os", digest(OS)));
    }

    @Test
    void passesWhenEveryImageReadsBackAsTheManifestSays() throws IOException {
        assertThat(new ImageDigestHealthCheck().check(trial)).isEqualTo(new HealthResult.Healthy());
    }

    @Test
    void failsWhenAnImageReadsBackDifferently() throws IOException {
        byte[] flipped = OS.content().clone();
        flipped[4_000] ^= 0x08;
        Files.write(dataDir.resolve("slots/B/os.img"), flipped);

        assertThat(new ImageDigestHealthCheck().check(trial)).isInstanceOfSatisfying(HealthResult.Unhealthy.class,
                unhealthy -> assertThat(unhealthy.reason()).contains("os", "slot B"));
    }

    @Test
    void failsWhenAnImageIsMissing() throws IOException {
        Files.delete(dataDir.resolve("slots/B/app.img"));

        assertThat(new ImageDigestHealthCheck().check(trial)).isInstanceOfSatisfying(HealthResult.Unhealthy.class,
                unhealthy -> assertThat(unhealthy.reason()).contains("app", "missing"));
    }

    private void write(Image image) throws IOException {
        try (ImageWriter writer = store.stage(SlotId.B, image.component(), digest(image))) {
            writer.write(image.content(), 0, image.content().length);
            writer.commit();
        }
    }

    private static ImageDigest digest(Image image) {
        return ImageDigest.of(image.sha256(), image.content().length);
    }
}
