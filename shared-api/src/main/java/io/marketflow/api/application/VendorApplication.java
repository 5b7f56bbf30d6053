package io.marketflow.api.application;

import io.marketflow.api.market.MarketId;
import java.time.Instant;

/**
 * An application as its vendor sees it.
 *
 * @param id          the application
 * @param marketId    the market applied to
 * @param marketName  the market's name
 * @param status      where it stands
 * @param submittedAt when it was submitted
 * @param updatedAt   when its status last changed
 */
public record VendorApplication(ApplicationId id, MarketId marketId, String marketName, ApplicationStatus status,
                                Instant submittedAt, Instant updatedAt) {
}
