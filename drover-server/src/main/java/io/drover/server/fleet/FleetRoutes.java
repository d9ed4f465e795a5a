package io.drover.server.fleet;

import static io.drover.server.access.ManagementAuth.actor;
import static io.drover.server.access.Role.ADMIN;
import static io.drover.server.access.Role.APPROVER;
import static io.drover.server.access.Role.AUDITOR;
import static io.drover.server.access.Role.OPERATOR;
import static io.drover.server.access.Role.VENDOR;

import io.drover.server.web.JsonCodec;
import io.drover.server.web.Paging;
import io.drover.suit.VerificationKey;
import io.javalin.config.RoutesConfig;
import io.javalin.http.HttpStatus;

/** Management API for device classes, signer keys and devices; each route names the roles that may call it. */
public final class FleetRoutes {
    private final FleetService fleet;
    private final DeviceIdentityService identities;
    private final DevicePsks psks;
    private final DeviceTraitsService traits;
    private final JsonCodec json;

    public FleetRoutes(FleetService fleet, DeviceIdentityService identities, DevicePsks psks,
            DeviceTraitsService traits, JsonCodec json) {
        this.fleet = fleet;
        this.identities = identities;
        this.psks = psks;
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
        routes.post("/api/v1/classes", ctx -> ctx.status(HttpStatus.CREATED)
                .json(fleet.defineClass(json.read(ctx, NewDeviceClass.class), actor(ctx))), OPERATOR);
        routes.get("/api/v1/classes", ctx -> ctx.json(fleet.classes()), VENDOR, OPERATOR, APPROVER, AUDITOR);
        routes.get("/api/v1/classes/{class}", ctx -> ctx.json(fleet.deviceClass(ctx.pathParam("class"))),
                VENDOR, OPERATOR, APPROVER, AUDITOR);
        // Which keys may sign a class's releases decides what devices run: only an administrator changes it.
        routes.post("/api/v1/classes/{class}/signers", ctx -> {
            NewSigner request = json.read(ctx, NewSigner.class);
            VerificationKey key = VerificationKey.fromPem(request.publicKeyPem() == null ? "" : request.publicKeyPem());
            ctx.status(HttpStatus.CREATED).json(SignerView.of(fleet.addSigner(ctx.pathParam("class"), key, actor(ctx))));
        }, ADMIN);
        routes.delete("/api/v1/classes/{class}/signers/{keyId}", ctx -> {
            fleet.revokeSigner(ctx.pathParam("class"), ctx.pathParam("keyId"), actor(ctx));
            ctx.status(HttpStatus.NO_CONTENT);
        }, ADMIN);
        routes.get("/api/v1/classes/{class}/signers",
                ctx -> ctx.json(fleet.signers(ctx.pathParam("class")).stream().map(SignerView::of).toList()),
                VENDOR, OPERATOR, AUDITOR);
        routes.get("/api/v1/classes/{class}/devices",
                ctx -> ctx.json(fleet.devices(ctx.pathParam("class"), Paging.of(ctx))), OPERATOR, AUDITOR);
        routes.post("/api/v1/devices", ctx -> ctx.status(HttpStatus.CREATED)
                .json(fleet.register(json.read(ctx, NewDevice.class), actor(ctx))), OPERATOR);
        routes.get("/api/v1/devices/{id}", ctx -> ctx.json(fleet.device(ctx.pathParam("id"))), OPERATOR, AUDITOR);
        routes.put("/api/v1/devices/{id}/identity", ctx -> ctx.json(
                identities.provision(ctx.pathParam("id"), json.read(ctx, DeviceIdentity.NewKey.class).key(),
                        actor(ctx))), OPERATOR);
        routes.delete("/api/v1/devices/{id}/identity", ctx -> {
            identities.clear(ctx.pathParam("id"), actor(ctx));
            ctx.status(HttpStatus.NO_CONTENT);
        }, OPERATOR);
        routes.post("/api/v1/devices/{id}/psk", ctx -> ctx.status(HttpStatus.CREATED)
                .json(psks.issue(ctx.pathParam("id"), actor(ctx))), OPERATOR);
        routes.get("/api/v1/devices/{id}/traits", ctx -> ctx.json(traits.traits(ctx.pathParam("id"))),
                OPERATOR, AUDITOR);
        routes.put("/api/v1/devices/{id}/groups",
                ctx -> ctx.json(traits.setGroups(ctx.pathParam("id"), json.read(ctx, Groups.class).groups())), OPERATOR);
        routes.post("/api/v1/devices/{id}/revoke", ctx -> {
            fleet.revoke(ctx.pathParam("id"), actor(ctx));
            ctx.status(HttpStatus.NO_CONTENT);
        }, OPERATOR);
    }
}
