package io.drover.agent.testing;

import io.drover.suit.ArtifactAddress;
import io.drover.suit.ImageSpec;
import io.drover.suit.ManifestSigner;
import io.drover.suit.SigningKey;
import io.drover.suit.SuitEnvelope;
import io.drover.suit.UpdateSpec;
import io.drover.suit.encryption.ContentEncryptionAlgorithm;
import io.drover.suit.encryption.EncryptedPayload;
import io.drover.suit.encryption.PayloadEncryptor;
import io.drover.suit.encryption.Recipient;
import io.drover.suit.report.ManifestReference;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

/**
 * A release as a vendor would build it: images and a SUIT envelope signed with a real key.
 *
 * @param images what the release installs (the plaintext)
 * @param artifacts what the server serves for them: the images themselves, or their ciphertexts
 */
public record TestRelease(long releaseId, long sequenceNumber, List<Image> images, List<Image> artifacts,
        byte[] envelope) {
    public static final UUID VENDOR = UUID.fromString("fa6b4a53-d5ad-5fdf-be9d-e663e4d41ffe");
    public static final UUID CLASS = UUID.fromString("1492af14-2569-5e48-bf42-9b2d51f2ab45");

    public TestRelease {
        images = List.copyOf(images);
        artifacts = List.copyOf(artifacts);
    }

    public record Image(String component, String version, byte[] content) {
        public static Image of(String component, String version, int size) {
            byte[] content = new byte[size];
            byte[] seed = (component + "@" + version).getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i < size; i++) {
                content[i] = (byte) (seed[i % seed.length] + i / seed.length);
            }
            return new Image(component, version, content);
        }

        public byte[] sha256() {
            return TestRelease.sha256(content);
        }

        public String sha256Hex() {
            return HexFormat.of().formatHex(sha256());
        }
    }

    /** The manifest reference the device's reports on this release name. */
    public ManifestReference manifest() {
        return ManifestReference.of(SuitEnvelope.decode(envelope));
    }

    public static TestRelease signed(SigningKey key, long releaseId, long sequenceNumber, Image... images) {
        return signedFor(key, VENDOR, CLASS, releaseId, sequenceNumber, images);
    }

    public static TestRelease signedFor(SigningKey key, UUID vendor, UUID deviceClass, long releaseId,
            long sequenceNumber, Image... images) {
        List<ImageSpec> specs = List.of(images).stream()
                .map(i -> new ImageSpec(i.component(), i.version(), i.sha256(), i.content().length,
                        "/device/v1/artifacts/" + i.sha256Hex()))
                .toList();
        byte[] envelope = ManifestSigner.create(key).sign(new UpdateSpec(vendor, deviceClass, sequenceNumber, specs));
        return new TestRelease(releaseId, sequenceNumber, List.of(images), List.of(images), envelope);
    }

    /**
     * A release of one image encrypted with A128GCM for {@code recipients}: the manifest keeps the plaintext digest
     * and size, and its uri names the ciphertext, which is the artifact the server serves.
     */
    public static TestRelease encrypted(SigningKey key, long releaseId, long sequenceNumber, Image image,
            Recipient... recipients) {
        var ciphertext = new ByteArrayOutputStream();
        EncryptedPayload payload;
        try {
            payload = PayloadEncryptor.create(ContentEncryptionAlgorithm.A128GCM, List.of(recipients))
                    .encrypt(new ByteArrayInputStream(image.content()), ciphertext);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Image served = new Image(image.component(), image.version(), ciphertext.toByteArray());
        ImageSpec spec = new ImageSpec(image.component(), image.version(), image.sha256(), image.content().length,
                ArtifactAddress.of(served.sha256()).uri()).withEncryptionInfo(payload.encryptionInfo());
        byte[] envelope = ManifestSigner.create(key).sign(new UpdateSpec(VENDOR, CLASS, sequenceNumber, List.of(spec)));
        return new TestRelease(releaseId, sequenceNumber, List.of(image), List.of(served), envelope);
    }

    public Image artifact(String component) {
        return artifacts.stream().filter(i -> i.component().equals(component)).findFirst().orElseThrow();
    }

    public Image image(String component) {
        return images.stream().filter(i -> i.component().equals(component)).findFirst().orElseThrow();
    }

    public static byte[] sha256(byte[] content) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(content);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
