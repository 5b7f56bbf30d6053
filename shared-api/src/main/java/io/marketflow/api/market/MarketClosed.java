package io.marketflow.api.market;

import java.time.Instant;

/**
 * A market stopped taking applications.
 *
 * @param marketId the market
 * @param owner    the organizer who owns it
 * @param closedAt when it closed
 */
public record MarketClosed(MarketId marketId, OrganizerId owner, Instant closedAt) implements MarketEvent {
}
