package io.marketflow.api.application;

import io.marketflow.api.market.MarketEvent;
import io.marketflow.api.vendor.VendorId;
import java.time.Instant;

/**
 * What every status-change event says, so that a projection can handle them all in one place.
 */
public interface ApplicationStatusChanged extends MarketEvent {

    ApplicationId applicationId();

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
