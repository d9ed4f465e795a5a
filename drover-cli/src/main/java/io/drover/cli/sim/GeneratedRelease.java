package io.drover.cli.sim;

import io.drover.cli.api.ManagementClient;
import io.drover.cli.release.ReleaseDescription;
import io.drover.cli.release.ReleaseSigner;
import io.drover.suit.SignatureAlgorithm;
import io.drover.suit.SigningKey;
import io.drover.suit.VerificationKey;
import io.drover.suit.encryption.GroupKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * A vendor of the simulation's own: a key made for the run signs, per class, release 1 taking component {@code app}
 * from 1.0.0 to 1.1.0 with a random image drawn from the seed.
 */
final class GeneratedRelease implements SimRelease {
    private static final String COMPONENT = "app";
    private static final String FACTORY = "1.0.0";
    private static final String NEW = "1.1.0";
    private static final int IMAGE_BYTES = 64 * 1024;

    private final long seed;
    private final UUID vendorId;
    private final SigningKey key = SigningKey.generate(SignatureAlgorithm.ED25519);

    GeneratedRelease(long seed) {
        this.seed = seed;
        this.vendorId = UUID.nameUUIDFromBytes(("drover-sim-vendor-" + seed).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public Map<String, String> factoryInventory() {
        return Map.of(COMPONENT, FACTORY);
    }

    @Override
    public Map<String, String> inventory() {
        return Map.of(COMPONENT, NEW);
    }

    @Override
    public long sequenceNumber() {
        return 1;
    }

    @Override
    public UUID vendorId() {
        return vendorId;
    }

    @Override
    public UUID classId(String className) {
        return UUID.nameUUIDFromBytes((vendorId + className).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public List<VerificationKey> trustedKeys() {
        return List.of(key.verificationKey());
    }

    @Override
    public List<GroupKey> groupKeys() {
        return List.of();
    }

    @Override
    public long publish(ManagementClient sim, String className, Path folder) throws IOException {
        sim.defineClass(className, vendorId, classId(className), List.of(COMPONENT));
        sim.trustSigner(className, key.verificationKey().toPem());
        Path firmware = folder.resolve("app-" + NEW + ".bin");
        byte[] image = new byte[IMAGE_BYTES];
        new SplittableRandom(seed ^ className.hashCode()).nextBytes(image);
        Files.write(firmware, image);
        ReleaseDescription description = new ReleaseDescription(vendorId, classId(className), sequenceNumber(),
                List.of(new ReleaseDescription.Component(COMPONENT, NEW, firmware.getFileName().toString(), null,
                        null)));
        byte[] envelope = ReleaseSigner.sign(key, description, folder, Optional.of(folder.resolve("release-1.suit")));
        sim.uploadArtifact(firmware, HexFormat.of().formatHex(ReleaseSigner.digestOf(firmware)));
        return sim.uploadRelease(className, envelope).get("id").asLong();
    }
}
