package io.marketflow.api.application;

import io.marketflow.api.market.MarketEvent;
import io.marketflow.api.market.MarketId;
import io.marketflow.api.market.OrganizerId;
import io.marketflow.api.vendor.Personal;
import io.marketflow.api.vendor.VendorId;
import java.time.Instant;

/**
 * A vendor applied to a market. Carries both names so that no projection has to look them up.
 *
 * @param marketId      the market
 * @param applicationId the new application
 * @param owner         the organizer who owns the market
 * @param marketName    the market's name
 * @param vendor        the applicant
 * @param vendorName    the applicant's business name at the time of applying
 * @param note          the applicant's note, possibly empty
 * @param submittedAt   when it was submitted
 */
public record ApplicationSubmitted(MarketId marketId, ApplicationId applicationId, OrganizerId owner,
                                   String marketName, VendorId vendor, @Personal(of = "vendor") String vendorName,
                                   @Personal(of = "vendor") String note,
                                   Instant submittedAt) implements MarketEvent {
}
