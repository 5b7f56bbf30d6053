package io.marketflow.query.paging;

import java.util.List;

/**
 * One page as read from a table, before it becomes the answer's page record.
 *
 * @param items      newest first
 * @param nextCursor the next page's cursor, or {@code null} on the last page
 * @param <T>        the row type
 */
public record Slice<T>(List<T> items, String nextCursor) {
}
