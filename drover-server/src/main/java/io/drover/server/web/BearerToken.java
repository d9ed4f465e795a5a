package io.drover.server.web;

import io.drover.error.DroverException;
import io.javalin.http.Context;
import java.util.Optional;

/** Reads the {@code Authorization: Bearer …} credential of a request. */
public final class BearerToken {
    private static final String PREFIX = "Bearer ";

    private BearerToken() {}

    public static Optional<String> of(Context ctx) {
        String header = ctx.header("Authorization");
        if (header == null || !header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            return Optional.empty();
        }
        String token = header.substring(PREFIX.length()).trim();
        return token.isEmpty() ? Optional.empty() : Optional.of(token);
    }

    public static String required(Context ctx) {
        return of(ctx).orElseThrow(() -> new DroverException(WebErrors.UNAUTHENTICATED,
                "this request needs an 'Authorization: Bearer <token>' header"));
    }
}
