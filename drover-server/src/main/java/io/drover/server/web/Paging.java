package io.drover.server.web;

import io.drover.error.DroverException;
import io.drover.server.store.Page;
import io.javalin.http.Context;

/** Reads {@code ?after=…&limit=…} into a {@link Page}. */
public final class Paging {
    private static final int DEFAULT_LIMIT = 100;

    private Paging() {}

    public static Page of(Context ctx) {
        String after = ctx.queryParam("after");
        String limit = ctx.queryParam("limit");
        try {
            return new Page(after == null ? "" : after, limit == null ? DEFAULT_LIMIT : Integer.parseInt(limit));
        } catch (NumberFormatException e) {
            throw new DroverException(Page.BAD_PAGE, "limit must be a whole number, got '" + limit + "'");
        }
    }
}
