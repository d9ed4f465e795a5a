package io.drover.server.web;

import io.drover.error.DroverException;
import io.javalin.http.Context;

/** Typed request parameters with a clear 400 (CoAP 4.00) instead of a stack trace. */
public final class PathParams {
    private PathParams() {}

    public static long longParam(Context ctx, String name) {
        return parseLong(name, ctx.pathParam(name));
    }

    /** A whole number given as {@code name} in a request, whatever the transport. */
    public static long parseLong(String name, String raw) {
        try {
            return Long.parseLong(raw);
        } catch (NumberFormatException e) {
            throw new DroverException(WebErrors.BAD_PARAMETER, "'" + name + "' must be a whole number, got '" + raw + "'");
        }
    }
}
