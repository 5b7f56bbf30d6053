package io.marketflow.api.market;

import java.util.List;

/**
 * One page of the open-market directory.
 *
 * @param items      the page's items, newest first
 * @param nextCursor pass it back for the next page; {@code null} on the last page
 */
public record DirectoryPage(List<DirectoryEntry> items, String nextCursor) {
    public DirectoryPage {
        items = List.copyOf(items);
    }
}
