package io.drover.cli.sim;

import io.drover.cli.api.ManagementClient;
import io.drover.suit.VerificationKey;
import io.drover.suit.encryption.GroupKey;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What a simulation rolls out, the vendor's side of it: each class of the run is defined on the simulation's server
 * and gets a signed release that takes its devices from {@link #factoryInventory} to {@link #inventory}. Either a
 * release the simulation signs itself ({@link GeneratedRelease}) or a real server's release, copied byte for byte to
 * rehearse it ({@link CopiedRelease}).
 */
sealed interface SimRelease permits GeneratedRelease, CopiedRelease {
    /** What every device runs when it leaves the factory: component → version. */
    Map<String, String> factoryInventory();

    /** What a device runs once the release installed. */
    Map<String, String> inventory();

    long sequenceNumber();

    UUID vendorId();

    UUID classId(String className);

    /** The keys the devices' agents trust to have signed the release. */
    List<VerificationKey> trustedKeys();

    /** The group keys the devices' agents hold to decrypt the release's encrypted images; empty for a plain one. */
    List<GroupKey> groupKeys();

    /**
     * Defines {@code className} on the simulation's server, trusting {@link #trustedKeys}, and stores the release
     * with its artifacts there; returns the release's id on that server.
     *
     * @param folder a folder of the run's own for files on the way
     */
    long publish(ManagementClient sim, String className, Path folder) throws IOException;
}
