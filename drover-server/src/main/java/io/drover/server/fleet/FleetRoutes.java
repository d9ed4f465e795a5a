package io.drover.server.fleet;

import io.drover.server.web.JsonCodec;
import io.drover.server.web.Paging;
import io.drover.suit.VerificationKey;
import io.javalin.config.RoutesConfig;
import io.javalin.http.HttpStatus;

/** Management API for device classes, signer keys and devices (under {@code /api/v1}, admin token checked upstream). */
public final class FleetRoutes {
    private final FleetService fleet;
    private final DeviceIdentityService identities;
    private final DeviceTraitsService traits;
    private final JsonCodec json;

    public FleetRoutes(FleetService fleet, DeviceIdentityService identities, DeviceTraitsService traits, JsonCodec json) {
        this.fleet = fleet;
        this.identities = identities;
        this.traits = traits;
        this.json = json;
    }

    /** A signer key as the API shows it. */
    public record SignerView(String className, String keyId, String algorithm, String publicKeyPem) {
        static SignerView of(SignerKey s) {
            return new SignerView(s.className(), s.key().keyId(), s.key().algorithm().name(), s.key().toPem());
        }
    }

    /** A request to trust a vendor key for a class. */
    public record NewSigner(String publicKeyPem) {}

    /** The groups a device is in, replacing those it was in. */
    public record Groups(java.util.Set<String> groups) {}

    public void register(RoutesConfig routes) {
        routes.post("/api/v1/classes", ctx -> ctx.status(HttpStatus.CREATED).json(fleet.defineClass(json.read(ctx, NewDeviceClass.class))));
        routes.get("/api/v1/classes", ctx -> ctx.json(fleet.classes()));
        routes.get("/api/v1/classes/{class}", ctx -> ctx.json(fleet.deviceClass(ctx.pathParam("class"))));
        routes.post("/api/v1/classes/{class}/signers", ctx -> {
            NewSigner request = json.read(ctx, NewSigner.class);
            VerificationKey key = VerificationKey.fromPem(request.publicKeyPem() == null ? "" : request.publicKeyPem());
            ctx.status(HttpStatus.CREATED).json(SignerView.of(fleet.addSigner(ctx.pathParam("class"), key)));
        });
        routes.get("/api/v1/classes/{class}/signers",
                ctx -> ctx.json(fleet.signers(ctx.pathParam("class")).stream().map(SignerView::of).toList()));
        routes.get("/api/v1/classes/{class}/devices", ctx -> ctx.json(fleet.devices(ctx.pathParam("class"), Paging.of(ctx))));
        routes.post("/api/v1/devices", ctx -> ctx.status(HttpStatus.CREATED).json(fleet.register(json.read(ctx, NewDevice.class))));
        routes.get("/api/v1/devices/{id}", ctx -> ctx.json(fleet.device(ctx.pathParam("id"))));
        routes.put("/api/v1/devices/{id}/identity", ctx -> ctx.json(
                identities.provision(ctx.pathParam("id"), json.read(ctx, DeviceIdentity.NewKey.class).key())));
        routes.delete("/api/v1/devices/{id}/identity", ctx -> {
            identities.clear(ctx.pathParam("id"));
            ctx.status(HttpStatus.NO_CONTENT);
        });
        routes.get("/api/v1/devices/{id}/traits", ctx -> ctx.json(traits.traits(ctx.pathParam("id"))));
        routes.put("/api/v1/devices/{id}/groups",
                ctx -> ctx.json(traits.setGroups(ctx.pathParam("id"), json.read(ctx, Groups.class).groups())));
        routes.post("/api/v1/devices/{id}/revoke", ctx -> {
            fleet.revoke(ctx.pathParam("id"));
            ctx.status(HttpStatus.NO_CONTENT);
        });
    }
}
