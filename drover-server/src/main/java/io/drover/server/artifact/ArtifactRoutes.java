package io.drover.server.artifact;

import static io.drover.server.access.Role.AUDITOR;
import static io.drover.server.access.Role.OPERATOR;
import static io.drover.server.access.Role.VENDOR;

import io.drover.error.DroverException;
import io.drover.server.blob.BlobErrors;
import io.drover.server.blob.Sha256;
import io.drover.server.web.Paging;
import io.javalin.config.RoutesConfig;
import io.javalin.http.HttpStatus;
import java.util.OptionalLong;

/**
 * Management API for artifacts. An artifact is uploaded with {@code PUT /api/v1/artifacts/{sha256}}: the client names
 * the digest, the server checks it while streaming, so a corrupted upload is refused and stores nothing.
 */
public final class ArtifactRoutes {
    private final ArtifactService artifacts;
    private final ArtifactDownload download;

    public ArtifactRoutes(ArtifactService artifacts, ArtifactDownload download) {
        this.artifacts = artifacts;
        this.download = download;
    }

    public void register(RoutesConfig routes) {
        routes.put("/api/v1/artifacts/{sha256}", ctx -> {
            long declared = ctx.contentLength();
            ArtifactService.Upload upload = artifacts.upload(ctx::bodyInputStream,
                    declared >= 0 ? OptionalLong.of(declared) : OptionalLong.empty(), new Sha256(ctx.pathParam("sha256")));
            ctx.status(upload.created() ? HttpStatus.CREATED : HttpStatus.OK).json(upload.artifact());
        }, VENDOR);
        routes.get("/api/v1/artifacts", ctx -> ctx.json(artifacts.list(Paging.of(ctx))), VENDOR, OPERATOR, AUDITOR);
        routes.get("/api/v1/artifacts/{sha256}", ctx -> {
            Sha256 sha256 = new Sha256(ctx.pathParam("sha256"));
            ctx.json(artifacts.find(sha256)
                    .orElseThrow(() -> new DroverException(BlobErrors.NOT_FOUND, "no artifact with SHA-256 " + sha256)));
        }, VENDOR, OPERATOR, AUDITOR);
        // The bytes as a device downloads them, for operators' tools (a rehearsal copies a release with them).
        routes.get("/api/v1/artifacts/{sha256}/content",
                ctx -> download.serve(ctx, new Sha256(ctx.pathParam("sha256"))), VENDOR, OPERATOR, AUDITOR);
    }
}
