package io.marketflow.api.application;

import java.util.List;

/**
 * One page of a market's applications.
 *
 * @param items      the page's items, newest first
 * @param nextCursor pass it back for the next page; {@code null} on the last page
 */
public record MarketApplicationPage(List<MarketApplication> items, String nextCursor) {
    public MarketApplicationPage {
        items = List.copyOf(items);
    }
}
