package io.marketflow.api.application;

import io.marketflow.api.market.MarketId;
import io.marketflow.api.market.OrganizerId;
import io.marketflow.api.vendor.VendorId;
import java.time.Instant;

/**
 * What every status-change event says, so that a projection can handle them all in one place.
 */
public interface ApplicationStatusChanged {

    MarketId marketId();

    ApplicationId applicationId();

    /** The organizer who owns the market. */
    OrganizerId owner();

    /** The applicant. */
    VendorId vendor();

    /** The status the application left. */
    ApplicationStatus previousStatus();

    /** The status the application is in now. */
    ApplicationStatus newStatus();

    /** The reason given, empty when none. */
    String reason();

    Instant changedAt();
}
