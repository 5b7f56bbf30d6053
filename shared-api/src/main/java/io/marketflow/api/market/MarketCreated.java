package io.marketflow.api.market;

import java.time.Instant;

/**
 * A market was opened; it takes applications from now on.
 *
 * @param marketId  the market
 * @param owner     the organizer who owns it
 * @param name      its name
 * @param location  its location, possibly empty
 * @param createdAt when it was created
 */
public record MarketCreated(MarketId marketId, OrganizerId owner, String name, String location,
                            Instant createdAt) implements MarketEvent {
}
