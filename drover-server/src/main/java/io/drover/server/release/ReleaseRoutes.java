package io.drover.server.release;

import static io.drover.server.access.ManagementAuth.actor;
import static io.drover.server.access.Role.APPROVER;
import static io.drover.server.access.Role.AUDITOR;
import static io.drover.server.access.Role.OPERATOR;
import static io.drover.server.access.Role.VENDOR;

import io.drover.error.DroverException;
import io.drover.server.web.PathParams;
import io.javalin.config.RoutesConfig;
import io.javalin.http.HttpStatus;

/** Management API for releases: upload a signed SUIT envelope ({@code application/cbor}) for a class. */
public final class ReleaseRoutes {
    /** Far above any manifest Drover makes; keeps a garbage upload from filling memory. */
    private static final int MAX_ENVELOPE_BYTES = 256 * 1024;

    private final ReleaseService releases;

    public ReleaseRoutes(ReleaseService releases) {
        this.releases = releases;
    }

    public void register(RoutesConfig routes) {
        routes.post("/api/v1/classes/{class}/releases", ctx -> {
            if (ctx.contentLength() > MAX_ENVELOPE_BYTES) {
                throw new DroverException(ReleaseErrors.TOO_LARGE, "a release envelope may have at most " + MAX_ENVELOPE_BYTES + " bytes");
            }
            ctx.status(HttpStatus.CREATED).json(releases.upload(ctx.pathParam("class"), ctx.bodyAsBytes(), actor(ctx)));
        }, VENDOR);
        routes.get("/api/v1/classes/{class}/releases", ctx -> ctx.json(releases.releases(ctx.pathParam("class"))),
                VENDOR, OPERATOR, APPROVER, AUDITOR);
        routes.get("/api/v1/releases/{id}", ctx -> ctx.json(releases.release(PathParams.longParam(ctx, "id"))),
                VENDOR, OPERATOR, APPROVER, AUDITOR);
        routes.get("/api/v1/releases/{id}/envelope", ctx -> ctx.contentType("application/cbor")
                .result(releases.envelope(PathParams.longParam(ctx, "id"))), VENDOR, OPERATOR, APPROVER, AUDITOR);
    }
}
