package io.marketflow.api.market;

import java.util.Objects;
import java.util.UUID;

/**
 * Identifies a market; also the Market aggregate's identifier.
 *
 * @param value the server-made UUID
 */
public record MarketId(UUID value) {
    public MarketId {
        Objects.requireNonNull(value, "value");
    }

    /** A fresh, random market id. */
    public static MarketId random() {
        return new MarketId(UUID.randomUUID());
    }

    /** Axon routes by {@code toString()}, so it is the bare UUID. */
    @Override
    public String toString() {
        return value.toString();
    }
}
