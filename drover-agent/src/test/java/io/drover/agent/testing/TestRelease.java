package io.drover.agent.testing;

import io.drover.suit.ImageSpec;
import io.drover.suit.ManifestSigner;
import io.drover.suit.SigningKey;
import io.drover.suit.UpdateSpec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

/** A release as a vendor would build it: images and a SUIT envelope signed with a real key. */
public record TestRelease(long releaseId, long sequenceNumber, List<Image> images, byte[] envelope) {
    public static final UUID VENDOR = UUID.fromString("fa6b4a53-d5ad-5fdf-be9d-e663e4d41ffe");
    public static final UUID CLASS = UUID.fromString("1492af14-2569-5e48-bf42-9b2d51f2ab45");

    public TestRelease {
        images = List.copyOf(images);
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
        return new TestRelease(releaseId, sequenceNumber, List.of(images), envelope);
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
