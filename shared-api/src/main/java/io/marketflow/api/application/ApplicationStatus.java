package io.marketflow.api.application;

import java.util.EnumSet;
import java.util.Set;

/**
 * Where an application stands. {@link #REJECTED} and {@link #WITHDRAWN} are final; every change not allowed by
 * {@link #canChangeTo(ApplicationStatus)} is refused.
 */
public enum ApplicationStatus {
    SUBMITTED,
    APPROVED,
    REJECTED,
    WAITLISTED,
    WITHDRAWN;

    /** The statuses an organizer may decide on; {@link #WITHDRAWN} belongs to the vendor alone. */
    public static final Set<ApplicationStatus> ORGANIZER_DECISIONS = EnumSet.of(APPROVED, REJECTED, WAITLISTED);

    /** The statuses that still hold a place at the market: a vendor has at most one of these per market. */
    public static final Set<ApplicationStatus> ACTIVE = EnumSet.of(SUBMITTED, WAITLISTED, APPROVED);

    /** Whether the status machine allows going from this status to {@code target}. */
    public boolean canChangeTo(ApplicationStatus target) {
        return switch (this) {
            case SUBMITTED -> target == APPROVED || target == REJECTED || target == WAITLISTED || target == WITHDRAWN;
            case WAITLISTED -> target == APPROVED || target == REJECTED || target == WITHDRAWN;
            case APPROVED -> target == REJECTED || target == WITHDRAWN;
            case REJECTED, WITHDRAWN -> false;
        };
    }
}
