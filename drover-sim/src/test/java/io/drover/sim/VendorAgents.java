package io.drover.sim;

import io.drover.agent.AgentConfig;
import io.drover.server.testing.TestVendor;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** What the end-to-end tests' agents are: devices of a {@link TestVendor}'s class that trust the vendor's key. */
public final class VendorAgents {
    private VendorAgents() {}

    /** The configuration of the device holding {@code token}, which runs {@code inventory} from the factory. */
    public static AgentConfig config(TestVendor vendor, URI server, String token, Path dataDir,
            Map<String, String> inventory) {
        return new AgentConfig(server, token, dataDir, vendor.vendorId, vendor.classId,
                List.of(vendor.key.verificationKey()), inventory);
    }
}
