package io.marketflow.command.market;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import io.marketflow.api.application.ApplicationApproved;
import io.marketflow.api.application.ApplicationId;
import io.marketflow.api.application.ApplicationRejected;
import io.marketflow.api.application.ApplicationStatus;
import io.marketflow.api.application.ApplicationWaitlisted;
import io.marketflow.api.application.ApplicationWithdrawn;
import io.marketflow.api.market.MarketId;
import io.marketflow.api.market.OrganizerId;
import io.marketflow.api.vendor.VendorId;
import io.marketflow.command.refusal.StateConflictException;
import java.time.Instant;

/** One vendor's application, a member of its Market: it guards the status machine. */
class Application {

    private final ApplicationId applicationId;
    private final VendorId vendor;
    private ApplicationStatus status = ApplicationStatus.SUBMITTED;

    Application(ApplicationId applicationId, VendorId vendor) {
        this.applicationId = applicationId;
        this.vendor = vendor;
    }

    boolean belongsTo(VendorId candidate) {
        return vendor.equals(candidate);
    }

    boolean isActive() {
        return ApplicationStatus.ACTIVE.contains(status);
    }

    void decide(MarketId marketId, OrganizerId owner, ApplicationStatus decision, String reason, Instant at) {
        requireTransitionTo(decision);
        apply(switch (decision) {
            case APPROVED -> new ApplicationApproved(marketId, applicationId, owner, vendor, status, reason, at);
            case REJECTED -> new ApplicationRejected(marketId, applicationId, owner, vendor, status, reason, at);
            case WAITLISTED -> new ApplicationWaitlisted(marketId, applicationId, owner, vendor, status, reason, at);
            // unreachable: DecideOnApplication admits the organizer's decisions only
            default -> throw new IllegalStateException(decision + " is not an organizer's decision");
        });
    }

    void withdraw(MarketId marketId, OrganizerId owner, Instant at) {
        requireTransitionTo(ApplicationStatus.WITHDRAWN);
        apply(new ApplicationWithdrawn(marketId, applicationId, owner, vendor, status, at));
    }

    private void requireTransitionTo(ApplicationStatus target) {
        if (!status.canChangeTo(target)) {
            throw new StateConflictException("An application that is " + status + " cannot become " + target + ".");
        }
    }

    /** Called by its market's event sourcing handler, also when the market is rebuilt from its events. */
    void statusChangedTo(ApplicationStatus newStatus) {
        status = newStatus;
    }
}
