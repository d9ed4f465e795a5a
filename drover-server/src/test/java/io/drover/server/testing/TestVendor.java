package io.drover.server.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.drover.suit.ArtifactAddress;
import io.drover.suit.ImageSpec;
import io.drover.suit.ManifestSigner;
import io.drover.suit.SignatureAlgorithm;
import io.drover.suit.SigningKey;
import io.drover.suit.UpdateSpec;
import io.drover.suit.encryption.ContentEncryptionAlgorithm;
import io.drover.suit.encryption.EncryptedPayload;
import io.drover.suit.encryption.GroupKey;
import io.drover.suit.encryption.PayloadEncryptor;
import io.drover.suit.encryption.Recipient;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest.BodyPublishers;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * A firmware vendor and fleet operator in one, driving a real server through its management API: defines a class,
 * trusts its own key for it, registers devices, uploads artifacts and signed releases.
 */
public final class TestVendor {
    public final UUID vendorId = UUID.randomUUID();
    public final UUID classId = UUID.randomUUID();
    public final SigningKey key;
    public final ApiClient admin;

    public TestVendor(ApiClient admin, SignatureAlgorithm algorithm) {
        this.admin = admin;
        this.key = SigningKey.generate(algorithm);
    }

    /** Defines {@code className} with this vendor's ids and trusts this vendor's key for it. */
    public void defineClass(String className, String... components) {
        defineClass(className, classId, components);
    }

    public void defineClass(String className, UUID suitClassId, String... components) {
        String list = String.join("\",\"", components);
        var created = admin.postJson("/api/v1/classes", """
                {"name":"%s","vendorId":"%s","classId":"%s","components":["%s"]}""".formatted(className, vendorId, suitClassId, list));
        assertThat(created.status()).as(new String(created.body())).isEqualTo(201);
        trust(className, key);
    }

    public void trust(String className, SigningKey signer) {
        var trusted = admin.postJson("/api/v1/classes/" + className + "/signers",
                "{\"publicKeyPem\":" + quote(signer.verificationKey().toPem()) + "}");
        assertThat(trusted.status()).as(new String(trusted.body())).isEqualTo(201);
    }

    /** Registers a device running {@code app} version {@code version}; returns its token. */
    public String register(String deviceId, String className, String component, String version) {
        var registered = admin.postJson("/api/v1/devices", """
                {"id":"%s","className":"%s","inventory":{"%s":"%s"}}""".formatted(deviceId, className, component, version));
        assertThat(registered.status()).as(new String(registered.body())).isEqualTo(201);
        return registered.json().get("token").asText();
    }

    public static byte[] randomBytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    public static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Uploads {@code bytes} under their digest and returns it. */
    public String upload(byte[] bytes) {
        String sha = sha256Hex(bytes);
        var answer = admin.put("/api/v1/artifacts/" + sha, BodyPublishers.ofByteArray(bytes));
        assertThat(answer.status()).as(new String(answer.body())).isIn(200, 201);
        return sha;
    }

    /** A release envelope installing {@code bytes} as {@code component} {@code version}, signed by this vendor. */
    public byte[] sign(long sequence, String component, String version, byte[] bytes) {
        return sign(key, classId, sequence, component, version, bytes);
    }

    public byte[] sign(SigningKey signer, UUID suitClassId, long sequence, String component, String version, byte[] bytes) {
        return ManifestSigner.create(signer)
                .sign(new UpdateSpec(vendorId, suitClassId, sequence, List.of(image(component, version, bytes))));
    }

    /** A release of several images (see {@link #image} and {@link #encryptedImage}), signed by this vendor. */
    public byte[] sign(long sequence, List<ImageSpec> images) {
        return ManifestSigner.create(key).sign(new UpdateSpec(vendorId, classId, sequence, images));
    }

    /** A release image installing {@code bytes}, which travel as the artifact of their digest. */
    public static ImageSpec image(String component, String version, byte[] bytes) {
        return new ImageSpec(component, version, HexFormat.of().parseHex(sha256Hex(bytes)), bytes.length,
                new ArtifactAddress(sha256Hex(bytes)).uri());
    }

    /** A release image that travels encrypted: its spec and the ciphertext its uri names. */
    public record EncryptedImage(ImageSpec spec, byte[] ciphertext) {}

    /**
     * An image installing {@code plaintext}, encrypted with A128GCM for {@code groupKey}: the spec keeps the
     * plaintext's digest and size, and its uri names the ciphertext artifact (which is not uploaded here).
     */
    public static EncryptedImage encryptedImage(String component, String version, byte[] plaintext,
            GroupKey groupKey) {
        var ciphertext = new ByteArrayOutputStream();
        EncryptedPayload payload;
        try {
            payload = PayloadEncryptor.create(ContentEncryptionAlgorithm.A128GCM, List.of(Recipient.of(groupKey)))
                    .encrypt(new ByteArrayInputStream(plaintext), ciphertext);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String uri = new ArtifactAddress(sha256Hex(ciphertext.toByteArray())).uri();
        ImageSpec image = new ImageSpec(component, version, payload.plaintextSha256(), payload.plaintextSize(), uri)
                .withEncryptionInfo(payload.encryptionInfo());
        return new EncryptedImage(image, ciphertext.toByteArray());
    }

    /** A release whose one image travels encrypted: the envelope and the ciphertext its uri names. */
    public record EncryptedRelease(byte[] envelope, byte[] ciphertext) {}

    /** A release of one image, encrypted as {@link #encryptedImage} does. */
    public EncryptedRelease signEncrypted(long sequence, String component, String version, byte[] plaintext,
            GroupKey groupKey) {
        EncryptedImage image = encryptedImage(component, version, plaintext, groupKey);
        return new EncryptedRelease(sign(sequence, List.of(image.spec())), image.ciphertext());
    }

    /** Uploads a release and returns its id, asserting it was accepted. */
    public long release(String className, byte[] envelope) {
        var answer = admin.postBytes("/api/v1/classes/" + className + "/releases", "application/cbor", envelope);
        assertThat(answer.status()).as(new String(answer.body())).isEqualTo(201);
        return answer.json().get("id").asLong();
    }

    public long startRollout(long releaseId) {
        var answer = admin.postJson("/api/v1/rollouts", "{\"releaseId\":" + releaseId + "}");
        assertThat(answer.status()).as(new String(answer.body())).isEqualTo(201);
        return answer.json().get("id").asLong();
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }
}
