package io.drover.server.rollout;

import io.drover.server.web.JsonCodec;
import io.drover.server.web.Paging;
import io.drover.server.web.PathParams;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;

/**
 * Management API for rollouts: start one, read how it stands and its history, and steer it; and a device's history
 * across rollouts.
 */
public final class RolloutRoutes {
    /** Until users and roles exist, every management call acts as the administrator. */
    static final String ADMIN = "admin";

    private final RolloutService rollouts;
    private final JsonCodec json;

    public RolloutRoutes(RolloutService rollouts, JsonCodec json) {
        this.rollouts = rollouts;
        this.json = json;
    }

    /** The optional body of pause, resume, cancel and promote. */
    public record Reason(String reason) {}

    /** One of the operator's actions on a rollout. */
    private interface Action {
        Rollout apply(long id, String actor, String reason);
    }

    public void register(RoutesConfig routes) {
        routes.post("/api/v1/rollouts",
                ctx -> ctx.status(HttpStatus.CREATED).json(rollouts.start(json.read(ctx, NewRollout.class), ADMIN)));
        routes.get("/api/v1/rollouts/{id}", ctx -> ctx.json(rollouts.rollout(PathParams.longParam(ctx, "id"))));
        routes.get("/api/v1/rollouts/{id}/events", ctx -> ctx.json(rollouts.events(PathParams.longParam(ctx, "id"))));
        routes.get("/api/v1/rollouts/{id}/devices",
                ctx -> ctx.json(rollouts.deviceReports(PathParams.longParam(ctx, "id"), Paging.of(ctx))));
        routes.get("/api/v1/devices/{id}/history",
                ctx -> ctx.json(rollouts.history(ctx.pathParam("id"), Paging.newestFirst(ctx))));
        routes.post("/api/v1/rollouts/{id}/pause", ctx -> act(ctx, rollouts::pause));
        routes.post("/api/v1/rollouts/{id}/resume", ctx -> act(ctx, rollouts::resume));
        routes.post("/api/v1/rollouts/{id}/cancel", ctx -> act(ctx, rollouts::cancel));
        routes.post("/api/v1/rollouts/{id}/promote", ctx -> act(ctx, rollouts::promote));
        routes.post("/api/v1/rollouts/{id}/rehearsal", ctx -> ctx.json(rollouts.rehearsed(
                PathParams.longParam(ctx, "id"), json.read(ctx, RehearsalResult.class), ADMIN)));
    }

    private void act(Context ctx, Action action) {
        String reason = json.readIfAny(ctx, Reason.class).map(Reason::reason).orElse(null);
        ctx.json(action.apply(PathParams.longParam(ctx, "id"), ADMIN, reason));
    }
}
