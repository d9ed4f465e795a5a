package io.drover.server.store;

import io.drover.error.DroverException;

/**
 * One page of an append-only listing, newest first: the entries whose id is below {@code before} (null for the
 * newest), at most {@code limit}. The next page starts before the last id of this one, so entries appended meanwhile
 * neither repeat nor shift it.
 */
public record NewestFirst(Long before, int limit) {
    public NewestFirst {
        if (before != null && before < 1) {
            throw new DroverException(Page.BAD_PAGE, "before must be a positive entry id, got " + before);
        }
        if (limit < 1 || limit > Page.MAX_LIMIT) {
            throw new DroverException(Page.BAD_PAGE, "limit must be between 1 and " + Page.MAX_LIMIT + ", got "
                    + limit);
        }
    }

    /** The id every entry of this page is below. */
    public long upperBound() {
        return before == null ? Long.MAX_VALUE : before;
    }
}
