package io.drover.agent;

import io.drover.agent.coap.CoapSettings;
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
 * @param serverUrl base URL of the Drover server: {@code https://updates.example.com}, the device API lives below it
 *     at {@code /device/v1}; or {@code coaps://updates.example.com:5684}, its CoAP device API over DTLS, for a
 *     constrained device
 * @param deviceToken the device's bearer token for the HTTP device API; null for CoAP, where DTLS authenticates the
 *     device
 * @param dataDir where the agent keeps its state and image slots
 * @param vendorId,classId the SUIT identity every manifest component must carry to be installed here
 * @param trustedKeys the keys a manifest must be signed with
 * @param factoryInventory component to version of the factory image, reported until the first install
 * @param ledgerKey the public key of the server's ledger; when given, the agent checks that the server shows it one
 *     consistent history and installs nothing otherwise (see {@link io.drover.agent.ledger.LedgerWatch})
 * @param coap how a device with a {@code coap://} or {@code coaps://} server URL speaks CoAP (its DTLS credential,
 *     block size, where it downloads artifacts); required for such a URL, refused with another
 */
public record AgentConfig(URI serverUrl, String deviceToken, Path dataDir, UUID vendorId, UUID classId,
        List<VerificationKey> trustedKeys, Map<String, String> factoryInventory, Optional<VerificationKey> ledgerKey,
        Optional<CoapSettings> coap) {

    /** A device that does not check the server's ledger. */
    public AgentConfig(URI serverUrl, String deviceToken, Path dataDir, UUID vendorId, UUID classId,
            List<VerificationKey> trustedKeys, Map<String, String> factoryInventory) {
        this(serverUrl, deviceToken, dataDir, vendorId, classId, trustedKeys, factoryInventory, Optional.empty());
    }

    /** A device speaking HTTP. */
    public AgentConfig(URI serverUrl, String deviceToken, Path dataDir, UUID vendorId, UUID classId,
            List<VerificationKey> trustedKeys, Map<String, String> factoryInventory,
            Optional<VerificationKey> ledgerKey) {
        this(serverUrl, deviceToken, dataDir, vendorId, classId, trustedKeys, factoryInventory, ledgerKey,
                Optional.empty());
    }

    /** A constrained device speaking CoAP to {@code serverUrl} ({@code coap://} or {@code coaps://}). */
    public static AgentConfig coap(URI serverUrl, CoapSettings coap, Path dataDir, UUID vendorId, UUID classId,
            List<VerificationKey> trustedKeys, Map<String, String> factoryInventory) {
        return new AgentConfig(serverUrl, null, dataDir, vendorId, classId, trustedKeys, factoryInventory,
                Optional.empty(), Optional.of(coap));
    }

    public AgentConfig {
        Objects.requireNonNull(serverUrl, "serverUrl");
        Objects.requireNonNull(coap, "coap");
        if (CoapSettings.isCoap(serverUrl)) {
            if (coap.isEmpty()) {
                throw new IllegalArgumentException("a coap:// or coaps:// serverUrl needs the coap settings");
            }
            if ("coaps".equals(serverUrl.getScheme()) && !coap.get().canSecure()) {
                throw new IllegalArgumentException("a coaps:// serverUrl needs coap.psk or coap.serverKey");
            }
        } else {
            if (!serverUrl.isAbsolute() || serverUrl.getHost() == null
                    || !("http".equals(serverUrl.getScheme()) || "https".equals(serverUrl.getScheme()))) {
                throw new IllegalArgumentException("serverUrl must be an absolute http(s) URL (or coap(s) for CoAP): "
                        + serverUrl);
            }
            if (deviceToken == null || deviceToken.isBlank()) {
                throw new IllegalArgumentException("deviceToken must not be blank");
            }
            if (coap.isPresent()) {
                throw new IllegalArgumentException("coap settings need a coap:// or coaps:// serverUrl, not "
                        + serverUrl.getScheme() + "://");
            }
        }
        coap.flatMap(CoapSettings::gatewayUrl).ifPresent(url -> {
            if ("coaps".equals(url.getScheme()) && !coap.get().canSecure()) {
                throw new IllegalArgumentException("a coaps:// coap.gatewayUrl needs coap.psk or coap.serverKey");
            }
        });
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
                Optional.of(key), coap);
    }

    /** This config with the server reached at {@code url} (of the same kind: through a relay, say). */
    public AgentConfig withServerUrl(URI url) {
        return new AgentConfig(url, deviceToken, dataDir, vendorId, classId, trustedKeys, factoryInventory,
                ledgerKey, coap);
    }

    /** This config with other CoAP settings (another artifact URL, say). */
    public AgentConfig withCoap(CoapSettings settings) {
        return new AgentConfig(serverUrl, deviceToken, dataDir, vendorId, classId, trustedKeys, factoryInventory,
                ledgerKey, Optional.of(settings));
    }

    /** Whether the device speaks CoAP to its server. */
    public boolean speaksCoap() {
        return coap.isPresent();
    }

    @Override
    public String toString() {
        // The token is a credential: keep it out of logs.
        return "AgentConfig[serverUrl=" + serverUrl + ", dataDir=" + dataDir + ", vendorId=" + vendorId
                + ", classId=" + classId + ", trustedKeys=" + trustedKeys.size() + ", factoryInventory="
                + factoryInventory + ", ledgerKey=" + ledgerKey.map(VerificationKey::keyId).orElse("none")
                + coap.map(c -> ", coap=" + c).orElse("") + "]";
    }
}
