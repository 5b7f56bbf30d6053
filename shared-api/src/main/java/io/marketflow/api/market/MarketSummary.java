package io.marketflow.api.market;

import java.time.Instant;

/**
 * A market as its owner lists it.
 *
 * @param id        the market
 * @param name      its name
 * @param location  its location, possibly empty
 * @param open      whether it takes applications
 * @param createdAt when it was created
 */
public record MarketSummary(MarketId id, String name, String location, boolean open, Instant createdAt) {
}
