package io.marketflow.api.market;

import io.marketflow.api.application.ApplicationStatus;
import java.time.Instant;
import java.util.Map;

/**
 * A market with how many of its applications are in each status.
 *
 * @param id        the market
 * @param name      its name
 * @param location  its location, possibly empty
 * @param open      whether it takes applications
 * @param createdAt when it was created
 * @param counts    every status, with zero where none
 */
public record MarketDetails(MarketId id, String name, String location, boolean open, Instant createdAt,
                            Map<ApplicationStatus, Long> counts) {
    public MarketDetails {
        counts = Map.copyOf(counts);
    }
}
