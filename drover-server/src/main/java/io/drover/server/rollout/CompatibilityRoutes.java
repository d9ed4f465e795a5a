package io.drover.server.rollout;

import static io.drover.server.access.ManagementAuth.actor;
import static io.drover.server.access.Role.AUDITOR;
import static io.drover.server.access.Role.OPERATOR;
import static io.drover.server.access.Role.VENDOR;

import io.drover.server.compat.PolicyDocument;
import io.drover.server.web.JsonCodec;
import io.javalin.config.RoutesConfig;

/** Management API for a class's compatibility policy: read it, replace it. */
public final class CompatibilityRoutes {
    private final CompatibilityService compatibility;
    private final JsonCodec json;

    public CompatibilityRoutes(CompatibilityService compatibility, JsonCodec json) {
        this.compatibility = compatibility;
        this.json = json;
    }

    public void register(RoutesConfig routes) {
        routes.get("/api/v1/classes/{class}/compatibility",
                ctx -> ctx.json(compatibility.policy(ctx.pathParam("class"))), VENDOR, OPERATOR, AUDITOR);
        routes.put("/api/v1/classes/{class}/compatibility", ctx -> ctx.json(
                compatibility.replace(ctx.pathParam("class"), json.read(ctx, PolicyDocument.class), actor(ctx))),
                OPERATOR);
    }
}
