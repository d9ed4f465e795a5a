package io.drover.server.web;

import io.drover.error.DroverException;
import io.javalin.http.Context;

/** Typed path parameters with a clear 400 instead of a stack trace. */
public final class PathParams {
    private PathParams() {}

    public static long longParam(Context ctx, String name) {
        String raw = ctx.pathParam(name);
        try {
            return Long.parseLong(raw);
        } catch (NumberFormatException e) {
            throw new DroverException(WebErrors.BAD_PARAMETER, "'" + name + "' must be a whole number, got '" + raw + "'");
        }
    }
}
