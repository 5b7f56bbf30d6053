package io.marketflow.command.market;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketflow.api.application.ApplicationApproved;
import io.marketflow.api.application.ApplicationId;
import io.marketflow.api.application.ApplicationRejected;
import io.marketflow.api.application.ApplicationStatus;
import io.marketflow.api.application.ApplicationSubmitted;
import io.marketflow.api.application.ApplicationWaitlisted;
import io.marketflow.api.application.ApplicationWithdrawn;
import io.marketflow.api.market.MarketClosed;
import io.marketflow.api.market.MarketCreated;
import io.marketflow.api.market.MarketId;
import io.marketflow.api.market.MarketReopened;
import io.marketflow.api.market.OrganizerId;
import io.marketflow.api.vendor.VendorId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;
import org.axonframework.eventsourcing.EventSourcedAggregate;
import org.axonframework.eventsourcing.NoSnapshotTriggerDefinition;
import org.axonframework.modelling.command.inspection.AnnotatedAggregateMetaModelFactory;
import org.axonframework.test.aggregate.FixtureConfiguration;

/** One market, its owner, two vendors and fixed instants, shared by the Market fixture tests. */
final class MarketScenario {

    static final MarketId MARKET = new MarketId(UUID.fromString("6f1c2b1e-5d8a-4c1e-9a63-0b6f9a1d2c01"));
    static final OrganizerId OWNER = new OrganizerId("organizer-ada");
    static final OrganizerId OTHER_ORGANIZER = new OrganizerId("organizer-bert");
    static final String MARKET_NAME = "Harbour Spring Market";
    static final String LOCATION = "Pier 4, Old Harbour";

    static final VendorId VENDOR = new VendorId("vendor-carla");
    static final String VENDOR_NAME = "Carla's Cheese";
    static final VendorId OTHER_VENDOR = new VendorId("vendor-dmitri");
    static final String OTHER_VENDOR_NAME = "Dmitri's Honey";

    static final ApplicationId APPLICATION =
            new ApplicationId(UUID.fromString("0c4e7a52-1f3b-4a8e-b3d2-7e9f10a2b301"));
    static final ApplicationId SECOND_APPLICATION =
            new ApplicationId(UUID.fromString("0c4e7a52-1f3b-4a8e-b3d2-7e9f10a2b302"));
    static final ApplicationId UNKNOWN_APPLICATION =
            new ApplicationId(UUID.fromString("0c4e7a52-1f3b-4a8e-b3d2-7e9f10a2b3ff"));
    static final String NOTE = "Two tables, no power needed.";

    static final Instant CREATED_AT = Instant.parse("2025-03-01T09:00:00Z");
    static final Instant SUBMITTED_AT = Instant.parse("2025-03-02T10:15:30.123456Z");
    static final Instant FIRST_CHANGE_AT = Instant.parse("2025-03-03T11:00:00Z");
    static final Instant SECOND_CHANGE_AT = Instant.parse("2025-03-04T12:00:00Z");
    static final Instant NOW = Instant.parse("2025-03-10T16:45:00Z");

    private MarketScenario() {
    }

    /**
     * The market after the command equals, field by field, a market rebuilt from all its events. It stands in for
     * the fixture's own illegal-state-change check on {@code Market.applications}, which the tests switch off with
     * {@code registerIgnoredField}: that check compares the map with {@code HashMap.equals}, and {@link Application}
     * has no {@code equals}, so two applications in the same state always differ by identity.
     */
    static Consumer<Market> sameStateAsReplayingItsEvents(FixtureConfiguration<Market> fixture) {
        return working -> {
            EventSourcedAggregate<Market> replayed = EventSourcedAggregate.initialize(new Market(),
                    AnnotatedAggregateMetaModelFactory.inspectAggregate(Market.class), null,
                    NoSnapshotTriggerDefinition.TRIGGER);
            replayed.initializeState(fixture.getEventStore().readEvents(MARKET.toString()));
            assertThat(working).usingRecursiveComparison().isEqualTo(replayed.invoke(Function.identity()));
        };
    }

    static MarketCreated marketCreated() {
        return new MarketCreated(MARKET, OWNER, MARKET_NAME, LOCATION, CREATED_AT);
    }

    static MarketClosed marketClosed(Instant at) {
        return new MarketClosed(MARKET, OWNER, at);
    }

    static MarketReopened marketReopened(Instant at) {
        return new MarketReopened(MARKET, OWNER, at);
    }

    static ApplicationSubmitted submitted(ApplicationId application, VendorId vendor, String vendorName) {
        return new ApplicationSubmitted(MARKET, application, OWNER, MARKET_NAME, vendor, vendorName, NOTE,
                SUBMITTED_AT);
    }

    static ApplicationSubmitted submitted() {
        return submitted(APPLICATION, VENDOR, VENDOR_NAME);
    }

    static ApplicationApproved approved(ApplicationStatus from, String reason, Instant at) {
        return new ApplicationApproved(MARKET, APPLICATION, OWNER, VENDOR, from, reason, at);
    }

    static ApplicationRejected rejected(ApplicationStatus from, String reason, Instant at) {
        return new ApplicationRejected(MARKET, APPLICATION, OWNER, VENDOR, from, reason, at);
    }

    static ApplicationWaitlisted waitlisted(ApplicationStatus from, String reason, Instant at) {
        return new ApplicationWaitlisted(MARKET, APPLICATION, OWNER, VENDOR, from, reason, at);
    }

    static ApplicationWithdrawn withdrawn(ApplicationStatus from, Instant at) {
        return new ApplicationWithdrawn(MARKET, APPLICATION, OWNER, VENDOR, from, at);
    }

    /**
     * The events of a market whose one application ({@link #APPLICATION} by {@link #VENDOR}) is now in
     * {@code status}. Some statuses are reached over more than one step, so that the test also shows the status
     * is the last one recorded, not the first.
     */
    static List<Object> historyWithApplicationIn(ApplicationStatus status) {
        List<Object> history = new ArrayList<>(List.of(marketCreated(), submitted()));
        switch (status) {
            case SUBMITTED -> {
            }
            case WAITLISTED -> history.add(waitlisted(ApplicationStatus.SUBMITTED, "", FIRST_CHANGE_AT));
            case APPROVED -> {
                history.add(waitlisted(ApplicationStatus.SUBMITTED, "", FIRST_CHANGE_AT));
                history.add(approved(ApplicationStatus.WAITLISTED, "", SECOND_CHANGE_AT));
            }
            case REJECTED -> {
                history.add(approved(ApplicationStatus.SUBMITTED, "", FIRST_CHANGE_AT));
                history.add(rejected(ApplicationStatus.APPROVED, "Stall plan fell through", SECOND_CHANGE_AT));
            }
            case WITHDRAWN -> {
                history.add(waitlisted(ApplicationStatus.SUBMITTED, "", FIRST_CHANGE_AT));
                history.add(withdrawn(ApplicationStatus.WAITLISTED, SECOND_CHANGE_AT));
            }
            default -> throw new IllegalArgumentException("no history for " + status);
        }
        return history;
    }
}
