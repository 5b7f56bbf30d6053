package io.marketflow.api.audit;

import io.marketflow.api.application.MarketApplication;
import io.marketflow.api.market.MarketId;
import java.time.Instant;
import java.util.List;

/**
 * A market's applications as they stood at an instant.
 *
 * @param marketId the market
 * @param asOf     the instant asked for
 * @param events   how many of the market's events had been appended by then
 * @param items    the applications then, newest first
 */
public record ApplicationsAsOf(MarketId marketId, Instant asOf, long events, List<MarketApplication> items) {
    public ApplicationsAsOf {
        items = List.copyOf(items);
    }
}
