package io.drover.suit;

import static org.assertj.core.api.Assertions.assertThat;

import com.upokecenter.cbor.CBOREncodeOptions;
import com.upokecenter.cbor.CBORObject;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Drover writes deterministically encoded CBOR (RFC 8949 §4.2: preferred lengths, sorted map keys, no indefinite
 * lengths), checked here by decoding every layer with the CBOR library's canonical mode, which refuses anything else.
 */
class DeterministicEncodingTest {
    private static final CBOREncodeOptions CANONICAL = new CBOREncodeOptions("ctap2canonical=true");

    private static byte[] envelope(SignatureAlgorithm algorithm) {
        return ManifestSigner.create(SigningKey.generate(algorithm)).sign(new UpdateSpec(UUID.randomUUID(), UUID.randomUUID(), 7,
                List.of(new ImageSpec("os", "4.2.0", new byte[32], 123_456_789L, "https://fw.example.com/os.bin"),
                        new ImageSpec("app", "1.1.0", new byte[32], 1L << 20, "https://fw.example.com/app.bin"))));
    }

    @Test
    void everyLayerOfADroverEnvelopeIsCanonicalCbor() {
        for (SignatureAlgorithm algorithm : SignatureAlgorithm.values()) {
            CBORObject envelope = canonical(envelope(algorithm));
            canonical(envelope.get(3).GetByteString());
            CBORObject authentication = canonical(envelope.get(2).GetByteString());
            for (int i = 0; i < authentication.size(); i++) {
                canonical(authentication.get(i).GetByteString());
            }
        }
    }

    /**
     * Decodes {@code bytes} in canonical mode, which refuses non-deterministic CBOR. That mode also refuses tags, so a
     * leading tag (SUIT's 107, COSE's 18) is checked for its shortest header and stripped first.
     */
    private static CBORObject canonical(byte[] bytes) {
        int header = (bytes[0] & 0xff) >= 0xc0 && (bytes[0] & 0xff) <= 0xd7 ? 1 : (bytes[0] & 0xff) == 0xd8 ? 2 : 0;
        if (header == 2) {
            assertThat(bytes[1] & 0xff).as("a one-byte tag number uses the one-byte form").isGreaterThanOrEqualTo(24);
        }
        byte[] item = java.util.Arrays.copyOfRange(bytes, header, bytes.length);
        CBORObject decoded = CBORObject.DecodeFromBytes(item, CANONICAL);
        assertThat(decoded.EncodeToBytes(CANONICAL)).isEqualTo(item);
        return decoded;
    }

    @Test
    void theSameUpdateEncodesToTheSameManifestBytes() {
        SigningKey key = SigningKey.generate(SignatureAlgorithm.ED25519);
        UpdateSpec spec = new UpdateSpec(UUID.randomUUID(), UUID.randomUUID(), 3,
                List.of(new ImageSpec("app", "1.0.1", new byte[32], 42, "https://fw.example.com/app.bin")));
        // Ed25519 signatures are deterministic too, so the whole envelope repeats byte for byte.
        assertThat(ManifestSigner.create(key).sign(spec)).isEqualTo(ManifestSigner.create(key).sign(spec));
    }
}
