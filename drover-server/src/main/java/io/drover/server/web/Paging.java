package io.drover.server.web;

import io.drover.error.DroverException;
import io.drover.server.store.NewestFirst;
import io.drover.server.store.Page;
import io.javalin.http.Context;
import java.util.function.Function;

/** Reads {@code ?after=…&limit=…} into a {@link Page}, or {@code ?before=…&limit=…} into a {@link NewestFirst}. */
public final class Paging {
    private static final int DEFAULT_LIMIT = 100;

    private Paging() {}

    public static Page of(Context ctx) {
        String after = ctx.queryParam("after");
        return new Page(after == null ? "" : after, limit(ctx));
    }

    public static NewestFirst newestFirst(Context ctx) {
        String before = ctx.queryParam("before");
        return new NewestFirst(before == null ? null : number("before", before, Long::valueOf), limit(ctx));
    }

    private static int limit(Context ctx) {
        String limit = ctx.queryParam("limit");
        return limit == null ? DEFAULT_LIMIT : number("limit", limit, Integer::valueOf);
    }

    private static <T> T number(String name, String raw, Function<String, T> parse) {
        try {
            return parse.apply(raw);
        } catch (NumberFormatException e) {
            throw new DroverException(Page.BAD_PAGE, name + " must be a whole number, got '" + raw + "'");
        }
    }
}
