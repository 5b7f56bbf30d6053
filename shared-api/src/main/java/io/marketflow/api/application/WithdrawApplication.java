package io.marketflow.api.application;

import io.marketflow.api.market.MarketId;
import io.marketflow.api.vendor.VendorId;
import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * The applicant withdraws their application.
 *
 * @param marketId      the market the application belongs to
 * @param applicationId the application
 * @param vendor        the verified caller, who must be the applicant
 * @param withdrawnAt   when the request was accepted
 */
public record WithdrawApplication(@TargetAggregateIdentifier MarketId marketId, ApplicationId applicationId,
                                  VendorId vendor, Instant withdrawnAt) {
}
