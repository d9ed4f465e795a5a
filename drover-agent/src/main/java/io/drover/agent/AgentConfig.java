package io.drover.agent;

import io.drover.agent.slot.ComponentNames;
import io.drover.suit.VerificationKey;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Who this device is and whom it trusts.
 *
 * @param serverUrl base URL of the Drover server, e.g. {@code https://updates.example.com}; the device API lives
 *     below it at {@code /device/v1}
 * @param dataDir where the agent keeps its state and image slots
 * @param vendorId,classId the SUIT identity every manifest component must carry to be installed here
 * @param trustedKeys the keys a manifest must be signed with
 * @param factoryInventory component to version of the factory image, reported until the first install
 */
public record AgentConfig(URI serverUrl, String deviceToken, Path dataDir, UUID vendorId, UUID classId,
        List<VerificationKey> trustedKeys, Map<String, String> factoryInventory) {

    public AgentConfig {
        Objects.requireNonNull(serverUrl, "serverUrl");
        if (!serverUrl.isAbsolute() || serverUrl.getHost() == null
                || !("http".equals(serverUrl.getScheme()) || "https".equals(serverUrl.getScheme()))) {
            throw new IllegalArgumentException("serverUrl must be an absolute http(s) URL: " + serverUrl);
        }
        if (deviceToken == null || deviceToken.isBlank()) {
            throw new IllegalArgumentException("deviceToken must not be blank");
        }
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(vendorId, "vendorId");
        Objects.requireNonNull(classId, "classId");
        trustedKeys = List.copyOf(Objects.requireNonNull(trustedKeys, "trustedKeys"));
        if (trustedKeys.isEmpty()) {
            throw new IllegalArgumentException("an agent that trusts no key could never install anything");
        }
        factoryInventory = Map.copyOf(Objects.requireNonNull(factoryInventory, "factoryInventory"));
        factoryInventory.keySet().forEach(ComponentNames::requireValid);
    }

    @Override
    public String toString() {
        // The token is a credential: keep it out of logs.
        return "AgentConfig[serverUrl=" + serverUrl + ", dataDir=" + dataDir + ", vendorId=" + vendorId
                + ", classId=" + classId + ", trustedKeys=" + trustedKeys.size() + ", factoryInventory="
                + factoryInventory + "]";
    }
}
