package io.marketflow.api.application;

import io.marketflow.api.market.MarketId;

/**
 * What a subscription to a market's applications ({@link FindMarketApplicationsQuery} as a subscription query)
 * receives after its first page. An update says what to read again, never what it now holds: the subscriber reads
 * it as its own tenant, like any other query.
 */
public sealed interface MarketApplicationsUpdate {

    /** The application's row in the read model changed. */
    record ApplicationChanged(MarketId marketId, ApplicationId applicationId) implements MarketApplicationsUpdate {
    }

    /** Changes may have gone unannounced (the notices' connection was lost): read the first page again. */
    record ChangesMayBeMissed() implements MarketApplicationsUpdate {
    }
}
