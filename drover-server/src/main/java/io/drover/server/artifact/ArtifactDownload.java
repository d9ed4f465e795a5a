package io.drover.server.artifact;

import io.drover.error.DroverException;
import io.drover.error.RangeErrors;
import io.drover.server.blob.BlobErrors;
import io.drover.server.blob.Sha256;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.util.Optional;

/**
 * Serves an artifact's bytes, whole or as one byte range so an interrupted download resumes where it stopped.
 * Artifacts never change, so any HTTP cache may keep them for good.
 */
public final class ArtifactDownload {
    private static final int BUFFER_SIZE = 64 * 1024;

    private final ArtifactService artifacts;

    public ArtifactDownload(ArtifactService artifacts) {
        this.artifacts = artifacts;
    }

    /** The artifact with this digest (the management API names artifacts by their whole digest only). */
    public void serve(Context ctx, Sha256 sha256) throws IOException {
        serve(ctx, artifacts.find(sha256)
                .orElseThrow(() -> new DroverException(BlobErrors.NOT_FOUND, "no artifact with SHA-256 " + sha256)));
    }

    /** The artifact {@code name} names: its digest or a prefix of it ({@link ArtifactService#named}). */
    public void serveNamed(Context ctx, String name) throws IOException {
        serve(ctx, artifacts.named(name));
    }

    private void serve(Context ctx, Artifact artifact) throws IOException {
        ctx.header("Accept-Ranges", "bytes");
        // The whole digest, whatever named the artifact: a gateway that asked by a prefix checks what it got by it.
        ctx.header("ETag", "\"" + artifact.sha256() + "\"");
        ctx.header("Cache-Control", "public, max-age=31536000, immutable");
        Optional<ByteRange> range;
        try {
            range = ByteRange.parse(ctx.header("Range"), artifact.size());
        } catch (DroverException e) {
            if (e.errorCode().equals(RangeErrors.NOT_SATISFIABLE)) {
                ctx.header("Content-Range", "bytes */" + artifact.size());
            }
            throw e;
        }
        long first = range.map(ByteRange::first).orElse(0L);
        long length = range.map(ByteRange::length).orElse(artifact.size());
        range.ifPresent(r -> {
            ctx.status(HttpStatus.PARTIAL_CONTENT);
            ctx.header("Content-Range", r.contentRange());
        });
        ctx.contentType("application/octet-stream");
        ctx.header("Content-Length", Long.toString(length));
        try (SeekableByteChannel channel = artifacts.open(new Sha256(artifact.sha256()))) {
            channel.position(first);
            copy(channel, ctx.outputStream(), length);
        }
    }

    private static void copy(SeekableByteChannel channel, OutputStream out, long length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(BUFFER_SIZE);
        long remaining = length;
        while (remaining > 0) {
            buffer.clear().limit((int) Math.min(buffer.capacity(), remaining));
            int n = channel.read(buffer);
            if (n < 0) {
                throw new IOException("artifact ended early: " + remaining + " bytes short");
            }
            out.write(buffer.array(), 0, n);
            remaining -= n;
        }
    }
}
