package io.marketflow.api.paging;

/**
 * One page of a newest-first list.
 *
 * @param limit  how many items, 1 to {@link #MAX_LIMIT}
 * @param cursor the previous page's {@code nextCursor}, or {@code null} for the first page
 */
public record PageRequest(int limit, String cursor) {

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 200;

    public PageRequest {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT);
        }
    }

    /** The first page with the default size. */
    public static PageRequest first() {
        return new PageRequest(DEFAULT_LIMIT, null);
    }
}
