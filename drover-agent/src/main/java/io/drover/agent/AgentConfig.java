package io.drover.agent;

import io.drover.agent.slot.ComponentNames;
import io.drover.suit.VerificationKey;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
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
 * @param ledgerKey the public key of the server's ledger; when given, the agent checks that the server shows it one
 *     consistent history and installs nothing otherwise (see {@link io.drover.agent.ledger.LedgerWatch})
 */
public record AgentConfig(URI serverUrl, String deviceToken, Path dataDir, UUID vendorId, UUID classId,
        List<VerificationKey> trustedKeys, Map<String, String> factoryInventory, Optional<VerificationKey> ledgerKey) {

    /** A device that does not check the server's ledger. */
    public AgentConfig(URI serverUrl, String deviceToken, Path dataDir, UUID vendorId, UUID classId,
            List<VerificationKey> trustedKeys, Map<String, String> factoryInventory) {
        this(serverUrl, deviceToken, dataDir, vendorId, classId, trustedKeys, factoryInventory, Optional.empty());
    }

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
        Objects.requireNonNull(ledgerKey, "ledgerKey");
    }

    /** This config, trusting {@code key} as the ledger's. */
    public AgentConfig withLedgerKey(VerificationKey key) {
        return new AgentConfig(serverUrl, deviceToken, dataDir, vendorId, classId, trustedKeys, factoryInventory,
                Optional.of(key));
    }

    @Override
    public String toString() {
        // The token is a credential: keep it out of logs.
        return "AgentConfig[serverUrl=" + serverUrl + ", dataDir=" + dataDir + ", vendorId=" + vendorId
                + ", classId=" + classId + ", trustedKeys=" + trustedKeys.size() + ", factoryInventory="
                + factoryInventory + ", ledgerKey=" + ledgerKey.map(VerificationKey::keyId).orElse("none") + "]";
    }
}
