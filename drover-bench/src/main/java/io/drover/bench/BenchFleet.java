package io.drover.bench;

import io.drover.cli.api.ManagementClient;
import io.drover.cli.release.ReleaseDescription;
import io.drover.cli.release.ReleaseSigner;
import io.drover.server.access.Actor;
import io.drover.server.fleet.DeviceCredential;
import io.drover.server.fleet.FleetService;
import io.drover.server.fleet.NewDevice;
import io.drover.suit.SignatureAlgorithm;
import io.drover.suit.SigningKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * One device class with one signed release on a server, and its devices: the class and release through the management
 * API, the devices in batches straight through the server's {@link FleetService} (the same checks and token hashing as
 * the API's registration, without a million HTTP requests).
 */
final class BenchFleet {
    static final String CLASS = "bench";

    private final long releaseId;

    private BenchFleet(long releaseId) {
        this.releaseId = releaseId;
    }

    /** Defines the class, trusts a fresh signer and uploads a signed 64 KiB release of its one component. */
    static BenchFleet withRelease(ManagementClient api, Path work) throws IOException {
        UUID vendorId = UUID.randomUUID();
        UUID classId = UUID.randomUUID();
        SigningKey vendorKey = SigningKey.generate(SignatureAlgorithm.ES256);
        api.defineClass(CLASS, vendorId, classId, List.of("app"));
        api.trustSigner(CLASS, vendorKey.verificationKey().toPem());
        Path firmware = work.resolve("app.bin");
        byte[] image = new byte[64 * 1024];
        new Random(1).nextBytes(image);
        Files.write(firmware, image);
        api.uploadArtifact(firmware, HexFormat.of().formatHex(ReleaseSigner.digestOf(firmware)));
        var description = new ReleaseDescription(vendorId, classId, 1L,
                List.of(new ReleaseDescription.Component("app", "1.1.0", "app.bin", null)));
        return new BenchFleet(api.uploadRelease(CLASS, ReleaseSigner.sign(vendorKey, description, work)).get("id").asLong());
    }

    long releaseId() {
        return releaseId;
    }

    /** Registers {@code devices} devices running app 1.0.0, {@link FleetService#MAX_BATCH} per transaction. */
    static List<DeviceCredential> register(FleetService fleet, int devices) {
        List<DeviceCredential> credentials = new ArrayList<>(devices);
        List<NewDevice> batch = new ArrayList<>(FleetService.MAX_BATCH);
        for (int i = 0; i < devices; i++) {
            batch.add(new NewDevice("bench-" + i, CLASS, Map.of("app", "1.0.0"), null));
            if (batch.size() == FleetService.MAX_BATCH || i == devices - 1) {
                credentials.addAll(fleet.registerAll(batch, Actor.ADMIN));
                batch.clear();
            }
        }
        return credentials;
    }
}
