package io.drover.server.device;

import io.drover.server.artifact.ArtifactDownload;
import io.drover.server.fleet.AuthenticatedDevice;
import io.drover.server.fleet.DeviceIdentity;
import io.drover.server.fleet.FleetService;
import io.drover.server.release.NamedEnvelope;
import io.drover.server.rollout.Assignment;
import io.drover.server.rollout.DeviceHealth;
import io.drover.server.rollout.DeviceReport;
import io.drover.server.web.BearerToken;
import io.drover.server.web.JsonCodec;
import io.drover.server.web.PathParams;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.Optional;

/**
 * Drover's native device API ({@code /device/v1}), spoken by drover-agent. Every request carries the device's bearer
 * token. The check-in answers 304 when nothing changed since the ETag the device holds. A device told "nothing to do"
 * also gets an idle ticket ({@link IdleTickets}, header {@value #TICKET}); sent back with the idle ETag, it is answered
 * from memory, so an idle fleet's polls cost no database read. Without a ticket, or once it is void, a poll costs two
 * indexed reads (the token's device, then its rollouts in one query). Neither writes: last-seen times are written in
 * batches.
 */
public final class DeviceRoutes {
    /** The header of an idle ticket, in a check-in's answer and in the next check-in. */
    public static final String TICKET = "Drover-Ticket";
    private static final String CHECK_IN = "/device/v1/checkin";
    private static final String DEVICE = "drover.device";

    private final FleetService fleet;
    private final DeviceApi api;
    private final ArtifactDownload download;
    private final JsonCodec json;

    public DeviceRoutes(FleetService fleet, DeviceApi api, ArtifactDownload download, JsonCodec json) {
        this.fleet = fleet;
        this.api = api;
        this.download = download;
        this.json = json;
    }

    public void register(RoutesConfig routes) {
        routes.before("/device/v1/*", ctx -> {
            if (!ctx.path().equals(CHECK_IN)) { // a check-in authenticates itself, by idle ticket when it can
                ctx.attribute(DEVICE, fleet.authenticate(BearerToken.required(ctx)));
            }
        });
        routes.get(CHECK_IN, this::checkIn);
        routes.put("/device/v1/identity", ctx -> ctx.json(
                api.registerIdentity(device(ctx), json.read(ctx, DeviceIdentity.NewKey.class).key())));
        routes.get("/device/v1/releases/{id}/envelope", ctx -> ctx.contentType("application/cbor")
                .result(api.envelope(device(ctx), PathParams.longParam(ctx, "id"))));
        // Both by digest or a prefix of 16 or more hex digits, answered with the whole digest as ETag.
        routes.get("/device/v1/envelopes/{name}", ctx -> {
            NamedEnvelope envelope = api.envelope(ctx.pathParam("name"));
            ctx.header("ETag", "\"" + envelope.sha256() + "\"");
            // Stated whatever the size: a gateway takes an envelope's size from the answer, as it does an artifact's.
            ctx.header("Content-Length", Integer.toString(envelope.bytes().length));
            ctx.contentType("application/cbor").result(envelope.bytes());
        });
        routes.get("/device/v1/artifacts/{name}", ctx -> download.serveNamed(ctx, ctx.pathParam("name")));
        routes.post("/device/v1/reports", ctx -> {
            api.report(device(ctx), json.read(ctx, DeviceReport.class));
            ctx.status(HttpStatus.NO_CONTENT);
        });
        routes.put("/device/v1/attributes", ctx -> {
            api.reportAttributes(device(ctx), json.read(ctx, AttributeMap.class));
            ctx.status(HttpStatus.NO_CONTENT);
        });
        routes.post("/device/v1/health", ctx -> {
            api.reportHealth(device(ctx), json.read(ctx, DeviceHealth.class));
            ctx.status(HttpStatus.NO_CONTENT);
        });
    }

    private void checkIn(Context ctx) {
        String token = BearerToken.required(ctx);
        String held = ctx.header("If-None-Match");
        String ticket = ctx.header(TICKET);
        ctx.header("Cache-Control", "no-cache");
        if (ticket != null && Assignment.NONE_ETAG.equals(held)) {
            Optional<DeviceApi.StillIdle> idle = api.stillIdle(token, ticket);
            if (idle.isPresent()) {
                ctx.header("ETag", held);
                idle.get().renewed().ifPresent(renewed -> ctx.header(TICKET, renewed));
                ctx.status(HttpStatus.NOT_MODIFIED);
                return;
            }
        }
        DeviceApi.TicketedReply answer = api.checkIn(fleet.authenticate(token), token);
        DeviceApi.CheckInReply reply = answer.reply();
        ctx.header("ETag", reply.etag());
        answer.ticket().ifPresent(issued -> ctx.header(TICKET, issued));
        if (reply.etag().equals(held)) {
            ctx.status(HttpStatus.NOT_MODIFIED);
            return;
        }
        ctx.json(reply.body());
    }

    /** The body of a device's attribute report: attribute name → text value. */
    public static final class AttributeMap extends java.util.HashMap<String, String> {}

    private static AuthenticatedDevice device(Context ctx) {
        return ctx.attribute(DEVICE);
    }
}
