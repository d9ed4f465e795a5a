package io.drover.server.web;

import io.drover.error.DroverException;
import io.drover.error.HttpStatuses;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one place where Drover's error categories become HTTP status codes. */
public final class HttpErrors {
    private static final Logger LOG = LoggerFactory.getLogger(HttpErrors.class);

    private HttpErrors() {}

    /** Installs the handlers that turn every failure into a JSON {@link ErrorBody}. */
    public static void install(JavalinConfig config) {
        config.routes.exception(DroverException.class, (e, ctx) -> answer(ctx, e));
        config.routes.exception(HttpResponseException.class, (e, ctx) -> {
            ctx.status(e.getStatus());
            ctx.json(new ErrorBody("request.http-" + e.getStatus(), e.getMessage()));
        });
        config.routes.exception(Exception.class, (e, ctx) -> {
            LOG.error("unexpected failure serving {} {}", ctx.method(), ctx.path(), e);
            answer(ctx, new DroverException(WebErrors.INTERNAL, "the server failed unexpectedly; see its log"));
        });
        config.routes.error(404, ctx -> {
            if (ctx.result() == null || ctx.result().isEmpty()) {
                answer(ctx, new DroverException(WebErrors.NOT_FOUND, "no such resource: " + ctx.method() + " " + ctx.path()));
            }
        });
    }

    private static void answer(Context ctx, DroverException e) {
        ctx.status(HttpStatuses.of(e.errorCode().category()));
        ctx.json(new ErrorBody(e.errorCode().code(), e.getMessage()));
    }
}
