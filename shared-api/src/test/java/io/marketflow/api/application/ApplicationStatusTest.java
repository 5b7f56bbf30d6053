package io.marketflow.api.application;

import static io.marketflow.api.application.ApplicationStatus.APPROVED;
import static io.marketflow.api.application.ApplicationStatus.REJECTED;
import static io.marketflow.api.application.ApplicationStatus.SUBMITTED;
import static io.marketflow.api.application.ApplicationStatus.WAITLISTED;
import static io.marketflow.api.application.ApplicationStatus.WITHDRAWN;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ApplicationStatusTest {

    /** The status machine exactly as the HTTP contract states it. */
    private static final Map<ApplicationStatus, Set<ApplicationStatus>> CONTRACT = Map.of(
            SUBMITTED, EnumSet.of(APPROVED, REJECTED, WAITLISTED, WITHDRAWN),
            WAITLISTED, EnumSet.of(APPROVED, REJECTED, WITHDRAWN),
            APPROVED, EnumSet.of(REJECTED, WITHDRAWN),
            REJECTED, EnumSet.noneOf(ApplicationStatus.class),
            WITHDRAWN, EnumSet.noneOf(ApplicationStatus.class));

    @Test
    void allowsExactlyTheTransitionsOfTheContract() {
        for (ApplicationStatus from : ApplicationStatus.values()) {
            for (ApplicationStatus to : ApplicationStatus.values()) {
                assertThat(from.canChangeTo(to))
                        .as("%s -> %s", from, to)
                        .isEqualTo(CONTRACT.get(from).contains(to));
            }
        }
    }

    @Test
    void withdrawingIsNoOrganizerDecision() {
        assertThat(ApplicationStatus.ORGANIZER_DECISIONS).containsExactlyInAnyOrder(APPROVED, REJECTED, WAITLISTED);
    }
}
