package io.marketflow.api.market;

/**
 * An open market as any signed-in user sees it: no owner.
 *
 * @param id       the market
 * @param name     its name
 * @param location its location, possibly empty
 */
public record DirectoryEntry(MarketId id, String name, String location) {
}
