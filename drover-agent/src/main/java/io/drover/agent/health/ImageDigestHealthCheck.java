package io.drover.agent.health;

import io.drover.agent.slot.ImageDigest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.util.Map;
import java.util.TreeMap;

/**
 * The default health check: re-reads every image of the trial slot from storage and compares it with the digest
 * and size the manifest promised. It catches a bad write or a storage that does not return what it was given;
 * a device with an application to start should add a check that starts it.
 */
public final class ImageDigestHealthCheck implements HealthCheck {

    @Override
    public HealthResult check(TrialSlot trial) throws IOException {
        for (Map.Entry<String, ImageDigest> expected : new TreeMap<>(trial.expectedImages()).entrySet()) {
            String component = expected.getKey();
            ImageDigest actual;
            try (InputStream image = trial.slot().open(component)) {
                actual = ImageDigest.of(image);
            } catch (NoSuchFileException e) {
                return new HealthResult.Unhealthy(
                        "image of " + component + " is missing from slot " + trial.slot().id());
            }
            if (!actual.equals(expected.getValue())) {
                return new HealthResult.Unhealthy("image of " + component + " in slot " + trial.slot().id()
                        + " reads back as " + actual + ", expected " + expected.getValue());
            }
        }
        return new HealthResult.Healthy();
    }
}
