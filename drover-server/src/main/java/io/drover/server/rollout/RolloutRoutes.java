package io.drover.server.rollout;

import io.drover.server.web.JsonCodec;
import io.drover.server.web.Paging;
import io.drover.server.web.PathParams;
import io.javalin.config.RoutesConfig;
import io.javalin.http.HttpStatus;

/** Management API for rollouts. */
public final class RolloutRoutes {
    private final RolloutService rollouts;
    private final JsonCodec json;

    public RolloutRoutes(RolloutService rollouts, JsonCodec json) {
        this.rollouts = rollouts;
        this.json = json;
    }

    public void register(RoutesConfig routes) {
        routes.post("/api/v1/rollouts", ctx -> ctx.status(HttpStatus.CREATED).json(rollouts.start(json.read(ctx, NewRollout.class))));
        routes.get("/api/v1/rollouts/{id}", ctx -> ctx.json(rollouts.rollout(PathParams.longParam(ctx, "id"))));
        routes.get("/api/v1/rollouts/{id}/devices",
                ctx -> ctx.json(rollouts.deviceReports(PathParams.longParam(ctx, "id"), Paging.of(ctx))));
        routes.post("/api/v1/rollouts/{id}/stop", ctx -> ctx.json(rollouts.stop(PathParams.longParam(ctx, "id"))));
    }
}
