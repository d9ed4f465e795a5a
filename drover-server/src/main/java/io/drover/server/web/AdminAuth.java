package io.drover.server.web;

import io.drover.error.DroverException;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;

/** Guards the management API with the operator's bearer token, compared in constant time. */
public final class AdminAuth {
    private final byte[] token;

    public AdminAuth(String adminToken) {
        Objects.requireNonNull(adminToken, "adminToken");
        if (adminToken.length() < 16) {
            throw new IllegalArgumentException("the admin token must have at least 16 characters");
        }
        this.token = adminToken.getBytes(StandardCharsets.UTF_8);
    }

    public void check(Context ctx) {
        byte[] presented = BearerToken.required(ctx).getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(presented, token)) {
            throw new DroverException(WebErrors.UNAUTHENTICATED, "the management API token is not valid");
        }
    }
}
