package io.marketflow.api.audit;

import java.util.List;

/**
 * One page of a market's history, oldest first.
 *
 * @param items      the page's events
 * @param nextCursor pass it back for the next page; {@code null} on the last page
 */
public record MarketHistoryPage(List<MarketHistoryEntry> items, String nextCursor) {
    public MarketHistoryPage {
        items = List.copyOf(items);
    }
}
