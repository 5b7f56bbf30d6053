package io.marketflow.api.market;

/** What every event of a market says: which market and whose. A market's history is the list of these. */
public interface MarketEvent {

    MarketId marketId();

    /** The organizer who owns the market. */
    OrganizerId owner();
}
