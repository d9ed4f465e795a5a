package io.drover.agent.gateway;

import io.drover.agent.transport.EnvelopeAddress;
import io.drover.agent.verify.ReleaseVerifier;
import io.drover.suit.ArtifactAddress;
import java.nio.file.Path;
import org.eclipse.californium.core.coap.MediaTypeRegistry;

/**
 * What a gateway caches and serves: each kind named by the SHA-256 of its bytes, so that the cache can check every
 * file against its name and never serve other bytes than the server's, whichever kind it is.
 *
 * <p>Envelopes are keyed by digest too, not by release id: the check-in answer names the envelope's digest, and a key
 * by release id could serve a stale envelope after the server's database was replaced (ids start again) or if a
 * release's envelope ever changed, and would need an expiry to bound that. A digest names one envelope for good, so
 * a cached envelope never needs expiring, only evicting when the cache is full.
 */
public enum BlobKind {
    /** Release payloads, plaintext or ciphertext: {@code /a/<sha256>}, kept at the top of the cache folder. */
    ARTIFACT("a", "artifact", "", MediaTypeRegistry.APPLICATION_OCTET_STREAM),
    /** Signed SUIT envelopes: {@code /e/<sha256>}, kept in the cache folder's {@code envelopes} folder. */
    ENVELOPE("e", "envelope", "envelopes", MediaTypeRegistry.APPLICATION_CBOR);

    private final String resource;
    private final String noun;
    private final String folder;
    private final int contentFormat;

    BlobKind(String resource, String noun, String folder, int contentFormat) {
        this.resource = resource;
        this.noun = noun;
        this.folder = folder;
        this.contentFormat = contentFormat;
    }

    /** The name of its CoAP resource, as the server's: {@code a} or {@code e}. */
    String resource() {
        return resource;
    }

    /** What to call one in a message. */
    String noun() {
        return noun;
    }

    int contentFormat() {
        return contentFormat;
    }

    /** Where the cache in {@code cacheDir} keeps this kind (artifacts where gateways kept them before envelopes). */
    Path folder(Path cacheDir) {
        return cacheDir.resolve(folder);
    }

    /** The name the gateway fetches it by from its server, whatever transport the gateway speaks. */
    String upstreamUrl(String sha256) {
        return switch (this) {
            case ARTIFACT -> new ArtifactAddress(sha256).uri();
            case ENVELOPE -> new EnvelopeAddress(sha256).uri();
        };
    }

    /** The most bytes one may have: the cache's limit, and for an envelope no more than a device accepts. */
    long maxBytes(long cacheLimit) {
        return switch (this) {
            case ARTIFACT -> cacheLimit;
            case ENVELOPE -> Math.min(cacheLimit, ReleaseVerifier.MAX_ENVELOPE_BYTES);
        };
    }
}
