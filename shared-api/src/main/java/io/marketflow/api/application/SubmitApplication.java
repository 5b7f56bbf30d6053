package io.marketflow.api.application;

import io.marketflow.api.market.MarketId;
import io.marketflow.api.vendor.VendorId;
import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * A vendor applies to a market. The vendor must have a profile, the market must be open, and the vendor must not
 * already hold an active application there.
 *
 * @param marketId      the market applied to
 * @param applicationId the new application's id, made by the server
 * @param vendor        the verified caller
 * @param note          0 to 2000 characters for the organizer
 * @param submittedAt   when the request was accepted
 */
public record SubmitApplication(@TargetAggregateIdentifier MarketId marketId, ApplicationId applicationId,
                                VendorId vendor, String note, Instant submittedAt) {
}
