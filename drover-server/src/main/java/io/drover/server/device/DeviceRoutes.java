package io.drover.server.device;

import io.drover.server.artifact.ArtifactDownload;
import io.drover.server.blob.Sha256;
import io.drover.server.fleet.AuthenticatedDevice;
import io.drover.server.fleet.DeviceIdentity;
import io.drover.server.fleet.DeviceIdentityService;
import io.drover.server.fleet.FleetService;
import io.drover.server.release.ReleaseService;
import io.drover.server.fleet.DeviceTraitsService;
import io.drover.server.rollout.AssignmentService;
import io.drover.server.rollout.CheckInAnswer;
import io.drover.server.rollout.DeviceHealth;
import io.drover.server.rollout.HealthReports;
import io.drover.server.rollout.DeviceReport;
import io.drover.server.rollout.RolloutService;
import io.drover.server.web.BearerToken;
import io.drover.server.web.JsonCodec;
import io.drover.server.web.PathParams;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;

/**
 * Drover's native device API ({@code /device/v1}), spoken by drover-agent. Every request carries the device's bearer
 * token. The check-in answers 304 when nothing changed since the ETag the device holds, so an idle fleet costs two
 * indexed reads per poll (the token's device, then its rollouts in one query) and no write (last-seen times are
 * written in batches).
 */
public final class DeviceRoutes {
    private static final String DEVICE = "drover.device";

    private final FleetService fleet;
    private final DeviceIdentityService identities;
    private final RolloutService rollouts;
    private final AssignmentService assignments;
    private final DeviceTraitsService traits;
    private final HealthReports health;
    private final ReleaseService releases;
    private final ArtifactDownload download;
    private final JsonCodec json;

    public DeviceRoutes(FleetService fleet, DeviceIdentityService identities, RolloutService rollouts,
            AssignmentService assignments, DeviceTraitsService traits, HealthReports health,
            ReleaseService releases, ArtifactDownload download, JsonCodec json) {
        this.fleet = fleet;
        this.identities = identities;
        this.rollouts = rollouts;
        this.assignments = assignments;
        this.traits = traits;
        this.health = health;
        this.releases = releases;
        this.download = download;
        this.json = json;
    }

    public void register(RoutesConfig routes) {
        routes.before("/device/v1/*", ctx -> ctx.attribute(DEVICE, fleet.authenticate(BearerToken.required(ctx))));
        routes.get("/device/v1/checkin", this::checkIn);
        routes.put("/device/v1/identity", ctx -> ctx.json(
                identities.registerByDevice(device(ctx), json.read(ctx, DeviceIdentity.NewKey.class).key())));
        routes.get("/device/v1/releases/{id}/envelope", ctx -> ctx.contentType("application/cbor")
                .result(releases.envelopeForClass(PathParams.longParam(ctx, "id"), device(ctx).classDbId())));
        routes.get("/device/v1/artifacts/{sha256}", ctx -> download.serve(ctx, new Sha256(ctx.pathParam("sha256"))));
        routes.post("/device/v1/reports", ctx -> {
            rollouts.report(device(ctx), json.read(ctx, DeviceReport.class));
            ctx.status(HttpStatus.NO_CONTENT);
        });
        routes.put("/device/v1/attributes", ctx -> {
            traits.reportAttributes(device(ctx).id(), json.read(ctx, AttributeMap.class));
            ctx.status(HttpStatus.NO_CONTENT);
        });
        routes.post("/device/v1/health", ctx -> {
            health.record(device(ctx).id(), json.read(ctx, DeviceHealth.class));
            ctx.status(HttpStatus.NO_CONTENT);
        });
    }

    private void checkIn(Context ctx) {
        AuthenticatedDevice device = device(ctx);
        CheckInAnswer answer = assignments.answerFor(device);
        String etag = answer.etag();
        ctx.header("ETag", etag);
        ctx.header("Cache-Control", "no-cache");
        if (etag.equals(ctx.header("If-None-Match"))) {
            ctx.status(HttpStatus.NOT_MODIFIED);
            return;
        }
        ctx.json(new CheckIn(device.id(), answer.assignment().orElse(null), answer.rollback().orElse(null)));
    }

    /** The body of {@code PUT /device/v1/attributes}: attribute name → text value. */
    static final class AttributeMap extends java.util.HashMap<String, String> {}

    private static AuthenticatedDevice device(Context ctx) {
        return ctx.attribute(DEVICE);
    }
}
