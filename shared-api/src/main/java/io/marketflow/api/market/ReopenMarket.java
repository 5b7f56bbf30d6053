package io.marketflow.api.market;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Opens a closed market for applications again; only its owner may.
 *
 * @param marketId   the market
 * @param organizer  the verified caller
 * @param reopenedAt when the request was accepted
 */
public record ReopenMarket(@TargetAggregateIdentifier MarketId marketId, OrganizerId organizer,
                           Instant reopenedAt) implements MarketOwnerCommand {
}
