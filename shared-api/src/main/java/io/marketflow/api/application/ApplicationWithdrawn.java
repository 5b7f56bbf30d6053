package io.marketflow.api.application;

import io.marketflow.api.market.MarketId;
import io.marketflow.api.market.OrganizerId;
import io.marketflow.api.vendor.VendorId;
import java.time.Instant;

/**
 * The applicant withdrew an application.
 *
 * @param marketId       the market
 * @param applicationId  the application
 * @param owner          the organizer who owns the market
 * @param vendor         the applicant, who withdrew
 * @param previousStatus the status before withdrawing
 * @param changedAt      when it was withdrawn
 */
public record ApplicationWithdrawn(MarketId marketId, ApplicationId applicationId, OrganizerId owner,
                                   VendorId vendor, ApplicationStatus previousStatus, Instant changedAt)
        implements ApplicationStatusChanged {

    @Override
    public ApplicationStatus newStatus() {
        return ApplicationStatus.WITHDRAWN;
    }

    @Override
    public String reason() {
        return "";
    }
}
