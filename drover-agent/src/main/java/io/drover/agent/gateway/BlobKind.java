package io.drover.agent.gateway;

import io.drover.agent.transport.DigestResource;
import io.drover.agent.verify.ReleaseVerifier;
import java.nio.file.Path;
import org.eclipse.californium.core.coap.MediaTypeRegistry;

/**
 * What a gateway caches and serves: each kind named by the SHA-256 of its bytes (or, as the server's CoAP check-in
 * names artifacts, its first 16 or more hex digits), so that the cache can check every file against its name and
 * never serve other bytes than the server's, whichever kind it is.
 *
 * <p>Envelopes are keyed by digest too, not by release id: the check-in answer names the envelope's digest, and a key
 * by release id could serve a stale envelope after the server's database was replaced (ids start again) or if a
 * release's envelope ever changed, and would need an expiry to bound that. A digest names one envelope for good, so
 * a cached envelope never needs expiring, only evicting when the cache is full.
 */
public enum BlobKind {
    /** Release payloads, plaintext or ciphertext: {@code /a/<sha256>}, kept at the top of the cache folder. */
    ARTIFACT(DigestResource.ARTIFACT, "artifact", "", MediaTypeRegistry.APPLICATION_OCTET_STREAM),
    /** Signed SUIT envelopes: {@code /e/<sha256>}, kept in the cache folder's {@code envelopes} folder. */
    ENVELOPE(DigestResource.ENVELOPE, "envelope", "envelopes", MediaTypeRegistry.APPLICATION_CBOR);

    private final DigestResource resource;
    private final String noun;
    private final String folder;
    private final int contentFormat;

    BlobKind(DigestResource resource, String noun, String folder, int contentFormat) {
        this.resource = resource;
        this.noun = noun;
        this.folder = folder;
        this.contentFormat = contentFormat;
    }

    /** The name of its CoAP resource, as the server's: {@code a} or {@code e}. */
    String resource() {
        return resource.coapResource();
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

    /**
     * What the gateway fetches {@code name} (a digest or its prefix) by from its server: the HTTP device API's name,
     * which a gateway speaking CoAP to its server translates.
     */
    String upstreamUrl(String name) {
        return resource.httpPath(name);
    }

    /** The most bytes one may have: the cache's limit, and for an envelope no more than a device accepts. */
    long maxBytes(long cacheLimit) {
        return switch (this) {
            case ARTIFACT -> cacheLimit;
            case ENVELOPE -> Math.min(cacheLimit, ReleaseVerifier.MAX_ENVELOPE_BYTES);
        };
    }
}
