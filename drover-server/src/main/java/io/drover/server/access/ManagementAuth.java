package io.drover.server.access;

import io.drover.error.DroverException;
import io.drover.server.web.BearerToken;
import io.drover.server.web.WebErrors;
import io.javalin.Javalin;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.security.Roles;
import io.javalin.security.RouteRole;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Guards the management API in two steps. Every request under {@link #PREFIX} first proves who it is: the server's
 * configured admin token (compared in constant time) is the built-in administrator, any other token is looked up by its
 * hash among the users ({@code 401 auth.unauthenticated} when it is none or revoked). Once its route is matched, the
 * caller's role must be one the route declared where it was registered ({@code 403 auth.forbidden} otherwise); an
 * administrator may call every route. The caller becomes the request's {@link Actor}.
 */
public final class ManagementAuth {
    public static final String PREFIX = "/api/v1/";
    private static final String ACTOR = "drover.actor";

    private final byte[] adminToken;
    private final UserService users;

    public ManagementAuth(String adminToken, UserService users) {
        Objects.requireNonNull(adminToken, "adminToken");
        if (adminToken.length() < 16) {
            throw new IllegalArgumentException("the admin token must have at least 16 characters");
        }
        this.adminToken = adminToken.getBytes(StandardCharsets.UTF_8);
        this.users = users;
    }

    public void install(RoutesConfig routes) {
        routes.before(PREFIX + "*", this::authenticate);
        routes.beforeMatched(PREFIX + "*", ManagementAuth::authorise);
    }

    /** Who made this management request; set for every request that reached its handler. */
    public static Actor actor(Context ctx) {
        Actor actor = ctx.attribute(ACTOR);
        if (actor == null) {
            throw new IllegalStateException("no actor on " + ctx.path() + ": not a management request");
        }
        return actor;
    }

    /**
     * Every management endpoint {@code web} has, with the roles it declared, in path order; fails when one declares
     * none, so that a route cannot be added without saying who may call it.
     */
    public static List<ManagementEndpoint> endpoints(Javalin web) {
        List<ManagementEndpoint> endpoints = web.unsafe.internalRouter.allHttpHandlers().stream()
                .map(parsed -> parsed.endpoint)
                .filter(e -> e.method.isHttpMethod() && e.path.startsWith(PREFIX))
                .map(e -> new ManagementEndpoint(e.method.name(), e.path, roles(e.metadata(Roles.class))))
                .sorted(Comparator.comparing(ManagementEndpoint::path).thenComparing(ManagementEndpoint::method))
                .toList();
        endpoints.stream().filter(e -> e.roles().isEmpty()).findFirst().ifPresent(e -> {
            throw new IllegalStateException(e.method() + " " + e.path() + " declares no role: name at least "
                    + "Role.ADMIN where it is registered");
        });
        return endpoints;
    }

    private void authenticate(Context ctx) {
        String token = BearerToken.required(ctx);
        ctx.attribute(ACTOR, MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8), adminToken)
                ? Actor.ADMIN
                : users.authenticate(token).orElseThrow(() -> new DroverException(WebErrors.UNAUTHENTICATED,
                        "the management API token is not valid")));
    }

    private static void authorise(Context ctx) {
        Actor actor = actor(ctx);
        Set<RouteRole> allowed = ctx.routeRoles();
        if (actor.role() == Role.ADMIN || allowed.contains(actor.role())) {
            return;
        }
        Set<String> needed = new TreeSet<>(List.of(Role.ADMIN.wireName()));
        allowed.forEach(r -> needed.add(((Role) r).wireName()));
        throw new DroverException(WebErrors.FORBIDDEN, ctx.method() + " " + ctx.path() + " needs "
                + (needed.size() == 1 ? "the role " : "one of the roles ") + String.join(", ", needed) + "; "
                + actor.name() + " is " + actor.role().wireName());
    }

    private static Set<Role> roles(Roles declared) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        if (declared != null) {
            declared.getRoles().forEach(r -> roles.add((Role) r));
        }
        return roles;
    }
}
