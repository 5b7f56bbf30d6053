package io.marketflow.api.market;

import java.util.List;

/**
 * One page of an organizer's markets.
 *
 * @param items      the page's items, newest first
 * @param nextCursor pass it back for the next page; {@code null} on the last page
 */
public record MarketPage(List<MarketSummary> items, String nextCursor) {
    public MarketPage {
        items = List.copyOf(items);
    }
}
