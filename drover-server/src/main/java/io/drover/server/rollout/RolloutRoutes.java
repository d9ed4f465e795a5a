package io.drover.server.rollout;

import static io.drover.server.access.ManagementAuth.actor;
import static io.drover.server.access.Role.APPROVER;
import static io.drover.server.access.Role.AUDITOR;
import static io.drover.server.access.Role.OPERATOR;

import io.drover.server.access.Actor;
import io.drover.server.web.JsonCodec;
import io.drover.server.web.Paging;
import io.drover.server.web.PathParams;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;

/**
 * Management API for rollouts: start one, read how it stands and its history, approve and steer it; and a device's
 * history across rollouts. Operators start and steer, approvers approve (never their own: see
 * {@link RolloutService#approve}), auditors read.
 */
public final class RolloutRoutes {
    private final RolloutService rollouts;
    private final JsonCodec json;

    public RolloutRoutes(RolloutService rollouts, JsonCodec json) {
        this.rollouts = rollouts;
        this.json = json;
    }

    /** The optional body of pause, resume, cancel, promote and approve. */
    public record Reason(String reason) {}

    /** One of the operator's actions on a rollout. */
    private interface Action {
        Rollout apply(long id, Actor actor, String reason);
    }

    public void register(RoutesConfig routes) {
        routes.post("/api/v1/rollouts", ctx -> ctx.status(HttpStatus.CREATED)
                .json(rollouts.start(json.read(ctx, NewRollout.class), actor(ctx))), OPERATOR);
        routes.get("/api/v1/rollouts/{id}", ctx -> ctx.json(rollouts.rollout(PathParams.longParam(ctx, "id"))),
                OPERATOR, APPROVER, AUDITOR);
        routes.get("/api/v1/rollouts/{id}/events", ctx -> ctx.json(rollouts.events(PathParams.longParam(ctx, "id"))),
                OPERATOR, APPROVER, AUDITOR);
        routes.get("/api/v1/rollouts/{id}/devices",
                ctx -> ctx.json(rollouts.deviceReports(PathParams.longParam(ctx, "id"), Paging.of(ctx))),
                OPERATOR, APPROVER, AUDITOR);
        routes.get("/api/v1/devices/{id}/history",
                ctx -> ctx.json(rollouts.history(ctx.pathParam("id"), Paging.newestFirst(ctx))), OPERATOR, AUDITOR);
        routes.post("/api/v1/rollouts/{id}/pause", ctx -> act(ctx, rollouts::pause), OPERATOR);
        routes.post("/api/v1/rollouts/{id}/resume", ctx -> act(ctx, rollouts::resume), OPERATOR);
        routes.post("/api/v1/rollouts/{id}/cancel", ctx -> act(ctx, rollouts::cancel), OPERATOR);
        routes.post("/api/v1/rollouts/{id}/promote", ctx -> act(ctx, rollouts::promote), OPERATOR);
        routes.post("/api/v1/rollouts/{id}/approve", ctx -> act(ctx, rollouts::approve), APPROVER);
        routes.post("/api/v1/rollouts/{id}/rehearsal", ctx -> ctx.json(rollouts.rehearsed(
                PathParams.longParam(ctx, "id"), json.read(ctx, RehearsalResult.class), actor(ctx))), OPERATOR);
    }

    private void act(Context ctx, Action action) {
        String reason = json.readIfAny(ctx, Reason.class).map(Reason::reason).orElse(null);
        ctx.json(action.apply(PathParams.longParam(ctx, "id"), actor(ctx), reason));
    }
}
