package io.drover.server.store;

import io.drover.error.DroverException;
import io.drover.error.ErrorCode;
import io.drover.error.ErrorCode.Category;
import java.util.Objects;

/**
 * One page of a listing in key order: the items after {@code after} ("" for the first page), at most {@code limit}.
 * Keyset paging stays as fast on page ten thousand as on page one.
 */
public record Page(String after, int limit) {
    public static final ErrorCode BAD_PAGE = new ErrorCode("request.bad-page", Category.MALFORMED);
    public static final int MAX_LIMIT = 1000;

    public Page {
        Objects.requireNonNull(after, "after");
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new DroverException(BAD_PAGE, "limit must be between 1 and " + MAX_LIMIT + ", got " + limit);
        }
    }
}
