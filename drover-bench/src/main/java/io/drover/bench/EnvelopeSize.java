package io.drover.bench;

import com.upokecenter.cbor.CBORObject;
import io.drover.suit.ImageSpec;
import io.drover.suit.ManifestSigner;
import io.drover.suit.SignatureAlgorithm;
import io.drover.suit.SigningKey;
import io.drover.suit.UpdateSpec;
import java.util.List;
import java.util.UUID;

/**
 * Prints the size of a Drover envelope for a one-component update, per signature algorithm and for two image URIs
 * (Drover's default, the server's digest-named artifact path, and a typical short CDN URL), and how much of it the text
 * section (the component's version string) takes. Usage: {@code ./drover bench size}.
 */
public final class EnvelopeSize {
    private static final int TEXT = 23;

    public static void main(String[] args) {
        System.out.println("| signature | image URI | envelope bytes | text section bytes | without text |");
        System.out.println("|---|---|---|---|---|");
        for (String uri : List.of("/device/v1/artifacts/" + "0".repeat(64), "https://fw.example.com/app-1.1.0.bin")) {
            for (SignatureAlgorithm algorithm : SignatureAlgorithm.values()) {
                row(algorithm, uri);
            }
        }
    }

    private static void row(SignatureAlgorithm algorithm, String uri) {
        byte[] envelope = ManifestSigner.create(SigningKey.generate(algorithm)).sign(new UpdateSpec(UUID.randomUUID(),
                UUID.randomUUID(), 1, List.of(new ImageSpec("app", "1.1.0", new byte[32], 1 << 20, uri))));
        CBORObject manifest = CBORObject.DecodeFromBytes(CBORObject.DecodeFromBytes(envelope).get(3).GetByteString());
        CBORObject text = manifest.get(TEXT);
        int textBytes = text == null ? 0 : CBORObject.FromObject(TEXT).EncodeToBytes().length + text.EncodeToBytes().length;
        System.out.printf("| %s | %s (%d chars) | %d | %d | %d |%n", algorithm, uri.startsWith("/") ? "server artifact path" : uri,
                uri.length(), envelope.length, textBytes, envelope.length - textBytes);
    }
}
