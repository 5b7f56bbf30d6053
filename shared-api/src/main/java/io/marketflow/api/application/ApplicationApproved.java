package io.marketflow.api.application;

import io.marketflow.api.market.MarketId;
import io.marketflow.api.market.OrganizerId;
import io.marketflow.api.vendor.Personal;
import io.marketflow.api.vendor.VendorId;
import java.time.Instant;

/**
 * The market's owner approved an application.
 *
 * @param marketId       the market
 * @param applicationId  the application
 * @param owner          the organizer who owns the market and decided
 * @param vendor         the applicant
 * @param previousStatus the status before the decision
 * @param reason         the reason given, possibly empty
 * @param changedAt      when it was decided
 */
public record ApplicationApproved(MarketId marketId, ApplicationId applicationId, OrganizerId owner, VendorId vendor,
                                   ApplicationStatus previousStatus, @Personal(of = "vendor") String reason,
                                   Instant changedAt)
        implements ApplicationStatusChanged {

    @Override
    public ApplicationStatus newStatus() {
        return ApplicationStatus.APPROVED;
    }
}
