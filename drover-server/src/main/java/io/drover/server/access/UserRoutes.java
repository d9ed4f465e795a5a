package io.drover.server.access;

import static io.drover.server.access.Role.ADMIN;
import static io.drover.server.access.Role.AUDITOR;

import io.drover.server.web.JsonCodec;
import io.javalin.config.RoutesConfig;
import io.javalin.http.HttpStatus;

/** Management API for users: only an administrator creates and revokes them; an auditor may read who has which role. */
public final class UserRoutes {
    private final UserService users;
    private final JsonCodec json;

    public UserRoutes(UserService users, JsonCodec json) {
        this.users = users;
        this.json = json;
    }

    public void register(RoutesConfig routes) {
        routes.post("/api/v1/users", ctx -> ctx.status(HttpStatus.CREATED)
                .json(users.create(json.read(ctx, NewUser.class), ManagementAuth.actor(ctx))), ADMIN);
        routes.get("/api/v1/users", ctx -> ctx.json(users.users()), ADMIN, AUDITOR);
        routes.post("/api/v1/users/{name}/revoke", ctx -> {
            users.revoke(ctx.pathParam("name"), ManagementAuth.actor(ctx));
            ctx.status(HttpStatus.NO_CONTENT);
        }, ADMIN);
    }
}
