package io.marketflow.query.market;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketflow.api.application.ApplicationApproved;
import io.marketflow.api.application.ApplicationId;
import io.marketflow.api.application.ApplicationStatus;
import io.marketflow.api.application.ApplicationSubmitted;
import io.marketflow.api.application.ApplicationWithdrawn;
import io.marketflow.api.market.FindMarketQuery;
import io.marketflow.api.market.FindMyMarketsQuery;
import io.marketflow.api.market.MarketClosed;
import io.marketflow.api.market.MarketCreated;
import io.marketflow.api.market.MarketDetails;
import io.marketflow.api.market.MarketId;
import io.marketflow.api.market.OrganizerId;
import io.marketflow.api.paging.PageRequest;
import io.marketflow.api.vendor.VendorId;
import io.marketflow.query.ReadModelDatabase;
import io.marketflow.query.TestTenants;
import io.marketflow.edge.caller.VerifiedTenant;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Counters by status against a real PostgreSQL: exact after a replay, and visible to the owner only. */
class MarketCountsIntegrationTest {

    private static final Instant T0 = Instant.parse("2026-05-01T08:00:00Z");

    private final ReadModelDatabase database = ReadModelDatabase.get();
    private final MarketCountsProjection projection = new MarketCountsProjection(database.writes());
    private final MarketQueries queries = new MarketQueries(database.reads());

    private final String owner = "organizer-" + UUID.randomUUID();
    private final MarketId market = MarketId.random();

    @Test
    void countsFollowEveryStatusChangeAndAReplayCountsNothingTwice() {
        List<Runnable> history = history();
        history.forEach(database::project);
        MarketDetails once = details(owner);

        history.forEach(database::project);

        assertThat(details(owner)).isEqualTo(once);
        assertThat(once.counts()).isEqualTo(Map.of(
                ApplicationStatus.SUBMITTED, 1L, ApplicationStatus.APPROVED, 1L, ApplicationStatus.WITHDRAWN, 1L,
                ApplicationStatus.REJECTED, 0L, ApplicationStatus.WAITLISTED, 0L));
        assertThat(once.open()).isFalse();
    }

    @Test
    void aBatchCountsEachOfItsEventsOnceEvenWhenPartOfItWasAppliedBefore() {
        MarketCountsProjection batched = new MarketCountsProjection(database.batchedWrites());
        List<Runnable> history = history(batched);

        // the market and two submissions, then a batch that starts over from the first event and goes on to the end
        database.projectBatch(history.subList(0, 3));
        database.projectBatch(history);

        MarketDetails once = details(owner);
        assertThat(once.counts()).isEqualTo(Map.of(
                ApplicationStatus.SUBMITTED, 1L, ApplicationStatus.APPROVED, 1L, ApplicationStatus.WITHDRAWN, 1L,
                ApplicationStatus.REJECTED, 0L, ApplicationStatus.WAITLISTED, 0L));
        assertThat(once.open()).isFalse();

        database.projectBatch(history);
        assertThat(details(owner)).isEqualTo(once);
    }

    @Test
    void anotherOrganizerNeitherFindsNorListsTheMarket() {
        history().forEach(database::project);
        VerifiedTenant stranger = TestTenants.organizer("organizer-" + UUID.randomUUID());

        assertThat(queries.handle(new FindMarketQuery(stranger.id(), market), stranger)).isEmpty();
        assertThat(queries.handle(new FindMyMarketsQuery(stranger.id(), PageRequest.first()), stranger).items())
                .isEmpty();
    }

    /** Three applications: one stays submitted, one is approved, one withdrawn; then the market closes. */
    private List<Runnable> history() {
        return history(projection);
    }

    private List<Runnable> history(MarketCountsProjection projection) {
        OrganizerId organizer = new OrganizerId(owner);
        List<Runnable> events = new ArrayList<>();
        events.add(() -> projection.on(new MarketCreated(market, organizer, "Hill Market", "", T0), 0));
        List<ApplicationId> applications = List.of(ApplicationId.random(), ApplicationId.random(),
                ApplicationId.random());
        long sequence = 1;
        for (ApplicationId application : applications) {
            long at = sequence++;
            events.add(() -> projection.on(new ApplicationSubmitted(market, application, organizer, "Hill Market",
                    new VendorId("v-" + application), "Stall", "", T0.plusSeconds(at)), at));
        }
        long approvedAt = sequence++;
        events.add(() -> projection.on(new ApplicationApproved(market, applications.get(1), organizer,
                new VendorId("v"), ApplicationStatus.SUBMITTED, "", T0.plusSeconds(approvedAt)), approvedAt));
        long withdrawnAt = sequence++;
        events.add(() -> projection.on(new ApplicationWithdrawn(market, applications.get(2), organizer,
                new VendorId("v"), ApplicationStatus.SUBMITTED, T0.plusSeconds(withdrawnAt)), withdrawnAt));
        long closedAt = sequence;
        events.add(() -> projection.on(new MarketClosed(market, organizer, T0.plusSeconds(closedAt)), closedAt));
        return events;
    }

    private MarketDetails details(String organizer) {
        VerifiedTenant tenant = TestTenants.organizer(organizer);
        return queries.handle(new FindMarketQuery(tenant.id(), market), tenant).orElseThrow();
    }
}
