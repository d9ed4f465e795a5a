package io.drover.cli.sim;

import com.fasterxml.jackson.databind.JsonNode;
import io.drover.cli.api.ManagementClient;
import io.drover.suit.ComponentManifest;
import io.drover.suit.SuitEnvelope;
import io.drover.suit.VerificationKey;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * A real server's release, to rehearse it: its signed envelope and artifacts exactly as that server stores them, its
 * class's vendor and class ids and components, and the signer keys the class trusts. The emulated devices verify the
 * vendor's signature as real ones do. Each device leaves the factory with every component of the release at version
 * {@value #FACTORY}, so the release updates all of them.
 */
final class CopiedRelease implements SimRelease {
    static final String FACTORY = "0";

    private final String className;
    private final UUID vendorId;
    private final UUID classId;
    private final List<String> classComponents;
    private final List<String> signerPems;
    private final byte[] envelope;
    private final long sequenceNumber;
    private final Map<String, String> inventory;
    private final Map<String, String> artifacts;
    private final ManagementClient source;

    private CopiedRelease(ManagementClient source, JsonNode release, JsonNode deviceClass, List<String> signerPems,
            byte[] envelope) {
        this.source = source;
        this.className = release.get("className").asText();
        this.vendorId = UUID.fromString(deviceClass.get("vendorId").asText());
        this.classId = UUID.fromString(deviceClass.get("classId").asText());
        this.classComponents = new ArrayList<>();
        deviceClass.get("components").forEach(c -> classComponents.add(c.asText()));
        this.signerPems = List.copyOf(signerPems);
        this.envelope = envelope;
        this.sequenceNumber = release.get("sequenceNumber").asLong();
        this.inventory = new TreeMap<>();
        this.artifacts = new TreeMap<>();
        for (JsonNode component : release.get("components")) {
            inventory.put(component.get("component").asText(), component.get("version").asText());
            artifacts.put(component.get("component").asText(), component.get("sha256").asText());
        }
    }

    /**
     * Reads release {@code releaseId} from {@code source}. A release with an encrypted component cannot be rehearsed:
     * its images decrypt only with keys the devices hold, which no server has.
     */
    static CopiedRelease of(ManagementClient source, long releaseId) {
        JsonNode release = source.release(releaseId);
        byte[] envelope = source.releaseEnvelope(releaseId);
        List<String> encrypted = SuitEnvelope.decode(envelope).manifest().components().stream()
                .filter(c -> c.encryptionInfo().isPresent()).map(ComponentManifest::id).map(Object::toString).toList();
        if (!encrypted.isEmpty()) {
            throw new IllegalArgumentException("release " + releaseId + " has encrypted components " + encrypted
                    + ": their images decrypt only with the devices' own keys, so emulated devices cannot install it "
                    + "and it cannot be rehearsed");
        }
        String className = release.get("className").asText();
        List<String> pems = new ArrayList<>();
        source.signers(className).forEach(s -> pems.add(s.get("publicKeyPem").asText()));
        return new CopiedRelease(source, release, source.deviceClass(className), pems, envelope);
    }

    String className() {
        return className;
    }

    @Override
    public Map<String, String> factoryInventory() {
        Map<String, String> factory = new TreeMap<>();
        inventory.keySet().forEach(component -> factory.put(component, FACTORY));
        return factory;
    }

    @Override
    public Map<String, String> inventory() {
        return Map.copyOf(inventory);
    }

    @Override
    public long sequenceNumber() {
        return sequenceNumber;
    }

    @Override
    public UUID vendorId() {
        return vendorId;
    }

    @Override
    public UUID classId(String name) {
        return classId;
    }

    @Override
    public List<VerificationKey> trustedKeys() {
        return signerPems.stream().map(VerificationKey::fromPem).toList();
    }

    @Override
    public long publish(ManagementClient sim, String name, Path folder) throws IOException {
        sim.defineClass(name, vendorId, classId, classComponents);
        signerPems.forEach(pem -> sim.trustSigner(name, pem));
        for (String sha256 : artifacts.values()) {
            Path file = folder.resolve(sha256);
            source.downloadArtifact(sha256, file);
            sim.uploadArtifact(file, sha256);
        }
        return sim.uploadRelease(name, envelope).get("id").asLong();
    }
}
