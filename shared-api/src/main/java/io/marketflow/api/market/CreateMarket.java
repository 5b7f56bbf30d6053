package io.marketflow.api.market;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Opens a new market owned by the organizer who asks.
 *
 * @param marketId  the new market's id, made by the server
 * @param organizer the verified caller, who becomes the owner
 * @param name      1 to 120 characters
 * @param location  0 to 200 characters
 * @param createdAt when the request was accepted
 */
public record CreateMarket(@TargetAggregateIdentifier MarketId marketId, OrganizerId organizer, String name,
                           String location, Instant createdAt) {
}
