package io.marketflow.api.market;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Stops a market taking new applications; only its owner may.
 *
 * @param marketId  the market
 * @param organizer the verified caller
 * @param closedAt  when the request was accepted
 */
public record CloseMarket(@TargetAggregateIdentifier MarketId marketId, OrganizerId organizer, Instant closedAt)
        implements MarketOwnerCommand {
}
