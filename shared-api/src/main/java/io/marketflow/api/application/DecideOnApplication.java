package io.marketflow.api.application;

import io.marketflow.api.market.MarketId;
import io.marketflow.api.market.MarketOwnerCommand;
import io.marketflow.api.market.OrganizerId;
import java.time.Instant;
import java.util.Objects;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * The market's owner approves, rejects or wait-lists an application.
 *
 * @param marketId      the market the application belongs to
 * @param applicationId the application
 * @param organizer     the verified caller, who must own the market
 * @param decision      one of {@link ApplicationStatus#ORGANIZER_DECISIONS}
 * @param reason        0 to 500 characters, shown to the vendor
 * @param decidedAt     when the request was accepted
 */
public record DecideOnApplication(@TargetAggregateIdentifier MarketId marketId, ApplicationId applicationId,
                                  OrganizerId organizer, ApplicationStatus decision, String reason,
                                  Instant decidedAt) implements MarketOwnerCommand {
    public DecideOnApplication {
        Objects.requireNonNull(decision, "decision");
        if (!ApplicationStatus.ORGANIZER_DECISIONS.contains(decision)) {
            throw new IllegalArgumentException(decision + " is not an organizer's decision");
        }
    }
}
