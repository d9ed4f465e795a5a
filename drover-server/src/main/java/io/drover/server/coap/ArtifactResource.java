package io.drover.server.coap;

import io.drover.coap.Block2Reply;
import io.drover.coap.BlockSource;
import io.drover.error.DroverException;
import io.drover.server.artifact.Artifact;
import io.drover.server.artifact.ArtifactService;
import io.drover.server.blob.BlobErrors;
import io.drover.server.blob.Sha256;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.CoapExchange;
import org.eclipse.californium.core.server.resources.Resource;

/**
 * {@code GET /a/{sha256}}: an artifact's bytes, block by block ({@link Block2Reply}), read from the blob store at
 * the block's offset. The name is the artifact's SHA-256 in 64 lowercase hex digits, or its first 16 or more (every
 * request carries the name, so a short one saves bytes on a constrained link). Artifacts are content-addressed and
 * never change, so their sizes are kept in memory once looked up: a block costs no database read.
 */
final class ArtifactResource extends DroverResource {
    /** Artifacts whose size a node keeps at once; past that the least recently asked is looked up again. */
    private static final int KNOWN = 1024;

    private final ArtifactService artifacts;
    private final Block2Reply blocks;
    private final Map<String, Known> known = new LinkedHashMap<>(KNOWN, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Known> eldest) {
            return size() > KNOWN;
        }
    };

    /** A catalogued artifact as blocks are read from it: its digest and size. */
    private record Known(Sha256 sha256, long size) {}

    ArtifactResource(ArtifactService artifacts, Block2Reply blocks) {
        super("a");
        this.artifacts = artifacts;
        this.blocks = blocks;
    }

    /** Every name below {@code /a} is an artifact's; the handler checks the path. */
    @Override
    public Resource getChild(String name) {
        return this;
    }

    @Override
    public void handleGET(CoapExchange exchange) {
        List<String> path = path(exchange);
        if (path.size() != 2) {
            throw new DroverException(BlobErrors.NOT_FOUND, "an artifact's path is /a/{sha256}, not /"
                    + exchange.getRequestOptions().getUriPathString());
        }
        Known artifact = artifact(path.get(1));
        exchange.respond(blocks.answer(exchange.getRequestOptions(), new BlockSource() {
            @Override
            public long size() {
                return artifact.size();
            }

            @Override
            public byte[] read(long offset, int length) {
                return artifacts.read(artifact.sha256(), offset, length);
            }
        }, MediaTypeRegistry.APPLICATION_OCTET_STREAM));
    }

    private Known artifact(String name) {
        synchronized (known) {
            Known artifact = known.get(name);
            if (artifact != null) {
                return artifact;
            }
        }
        Artifact artifact = artifacts.named(name);
        Known found = new Known(new Sha256(artifact.sha256()), artifact.size());
        synchronized (known) {
            known.put(name, found);
        }
        return found;
    }
}
