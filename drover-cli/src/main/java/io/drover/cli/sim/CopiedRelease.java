package io.drover.cli.sim;

import com.fasterxml.jackson.databind.JsonNode;
import io.drover.cli.api.ManagementClient;
import io.drover.suit.ArtifactAddress;
import io.drover.suit.ComponentManifest;
import io.drover.suit.SuitEnvelope;
import io.drover.suit.VerificationKey;
import io.drover.suit.encryption.Decryption;
import io.drover.suit.encryption.ExpectedPlaintext;
import io.drover.suit.encryption.GroupKey;
import io.drover.suit.encryption.PayloadDecryptor;
import io.drover.suit.encryption.PlaintextSink;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
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
 * {@value #FACTORY}, so the release updates all of them. Encrypted images need the fleet's group key, which the
 * emulated devices then hold as real ones do; it is proven on every encrypted image before the rehearsal runs, so a
 * wrong key is a refusal, never a rehearsal recorded as failed.
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
    private final List<GroupKey> groupKeys;
    /** The encrypted components: the artifact (ciphertext) → the manifest's component, to prove the group keys on. */
    private final Map<String, ComponentManifest> encrypted;

    private CopiedRelease(ManagementClient source, JsonNode release, JsonNode deviceClass, List<String> signerPems,
            byte[] envelope, List<GroupKey> groupKeys, Map<String, ComponentManifest> encrypted) {
        this.source = source;
        this.groupKeys = List.copyOf(groupKeys);
        this.encrypted = Map.copyOf(encrypted);
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
     * Reads release {@code releaseId} from {@code source}. A release with encrypted components needs the group keys
     * its images are wrapped for: no server holds them, and images wrapped for each device's own key cannot be
     * rehearsed at all.
     */
    static CopiedRelease of(ManagementClient source, long releaseId, List<GroupKey> groupKeys) {
        JsonNode release = source.release(releaseId);
        byte[] envelope = source.releaseEnvelope(releaseId);
        Map<String, ComponentManifest> encrypted = new TreeMap<>();
        for (ComponentManifest component : SuitEnvelope.decode(envelope).manifest().components()) {
            if (component.encryptionInfo().isPresent()) {
                String artifact = component.uri().flatMap(ArtifactAddress::parse).map(ArtifactAddress::sha256Hex)
                        .orElseThrow(() -> new IllegalArgumentException("encrypted component " + component.id()
                                + " of release " + releaseId + " names no stored artifact"));
                encrypted.put(artifact, component);
            }
        }
        if (!encrypted.isEmpty() && groupKeys.isEmpty()) {
            throw new IllegalArgumentException("release " + releaseId + " has encrypted components "
                    + encrypted.values().stream().map(c -> c.id().toString()).toList() + ": give the fleet's group "
                    + "key with --group-key; images wrapped for each device's own key cannot be rehearsed");
        }
        String className = release.get("className").asText();
        List<String> pems = new ArrayList<>();
        source.signers(className).forEach(s -> pems.add(s.get("publicKeyPem").asText()));
        return new CopiedRelease(source, release, source.deviceClass(className), pems, envelope, groupKeys, encrypted);
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
    public List<GroupKey> groupKeys() {
        return groupKeys;
    }

    @Override
    public long publish(ManagementClient sim, String name, Path folder) throws IOException {
        sim.defineClass(name, vendorId, classId, classComponents);
        signerPems.forEach(pem -> sim.trustSigner(name, pem));
        for (String sha256 : artifacts.values()) {
            Path file = folder.resolve(sha256);
            source.downloadArtifact(sha256, file);
            if (encrypted.containsKey(sha256)) {
                requireDecryptable(encrypted.get(sha256), file);
            }
            sim.uploadArtifact(file, sha256);
        }
        return sim.uploadRelease(name, envelope).get("id").asLong();
    }

    /** Decrypts {@code ciphertext} with each group key in turn, keeping nothing, until one yields the image whole. */
    private void requireDecryptable(ComponentManifest component, Path ciphertext) throws IOException {
        ExpectedPlaintext expected = new ExpectedPlaintext(component.imageSha256(), component.imageSize());
        List<String> refusals = new ArrayList<>();
        for (GroupKey key : groupKeys) {
            try (InputStream in = Files.newInputStream(ciphertext)) {
                Decryption outcome = PayloadDecryptor.create(key).decrypt(component.encryptionInfo().orElseThrow(), in,
                        DISCARDED, expected);
                switch (outcome) {
                    case Decryption.Committed committed -> {
                        return;
                    }
                    case Decryption.Discarded discarded ->
                            refusals.add(discarded.reason().code() + ": " + discarded.message());
                }
            }
        }
        throw new IllegalArgumentException("the image of encrypted component " + component.id() + " does not decrypt "
                + "with the group key(s) given: " + refusals);
    }

    /** A sink that keeps nothing: the check wants the decryptor's verdict, not the plaintext. */
    private static final PlaintextSink DISCARDED = new PlaintextSink() {
        @Override
        public void write(byte[] bytes, int offset, int length) {}

        @Override
        public void commit() {}

        @Override
        public void discard() {}
    };
}
