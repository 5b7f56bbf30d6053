package io.marketflow.api.market;

import java.time.Instant;

/**
 * A closed market takes applications again.
 *
 * @param marketId   the market
 * @param owner      the organizer who owns it
 * @param reopenedAt when it reopened
 */
public record MarketReopened(MarketId marketId, OrganizerId owner, Instant reopenedAt) implements MarketEvent {
}
