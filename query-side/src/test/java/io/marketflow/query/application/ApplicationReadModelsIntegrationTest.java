package io.marketflow.query.application;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketflow.api.application.ApplicationApproved;
import io.marketflow.api.application.ApplicationId;
import io.marketflow.api.application.ApplicationRejected;
import io.marketflow.api.application.ApplicationStatus;
import io.marketflow.api.application.ApplicationSubmitted;
import io.marketflow.api.application.FindMarketApplicationsQuery;
import io.marketflow.api.application.FindVendorApplicationsQuery;
import io.marketflow.api.application.MarketApplication;
import io.marketflow.api.application.MarketApplicationPage;
import io.marketflow.api.application.VendorApplicationPage;
import io.marketflow.api.market.MarketCreated;
import io.marketflow.api.market.MarketId;
import io.marketflow.api.market.OrganizerId;
import io.marketflow.api.paging.PageRequest;
import io.marketflow.api.vendor.VendorId;
import io.marketflow.query.ReadModelDatabase;
import io.marketflow.query.TestTenants;
import io.marketflow.query.live.ApplicationChangeNotices;
import io.marketflow.edge.caller.VerifiedTenant;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The two application read models against a real PostgreSQL: handlers called directly, in projector transactions,
 * and read back through the query handlers under the reader role and row-level security.
 */
class ApplicationReadModelsIntegrationTest {

    private static final Instant T0 = Instant.parse("2026-05-01T08:00:00.123456Z");

    private final ReadModelDatabase database = ReadModelDatabase.get();
    private final MarketApplicationsProjection marketApplications =
            new MarketApplicationsProjection(database.writes(),
                    new ApplicationChangeNotices(database.projector()));
    private final VendorApplicationsProjection vendorApplications =
            new VendorApplicationsProjection(database.writes());
    private final ApplicationQueries queries = new ApplicationQueries(database.reads());

    private final String owner = "organizer-" + UUID.randomUUID();
    private final String vendor = "vendor-" + UUID.randomUUID();
    private final MarketId market = MarketId.random();
    private final ApplicationId application = ApplicationId.random();

    private final MarketCreated created = new MarketCreated(market, new OrganizerId(owner), "Harbour Market", "Quay",
            T0);
    private final ApplicationSubmitted submitted = new ApplicationSubmitted(market, application,
            new OrganizerId(owner), "Harbour Market", new VendorId(vendor), "Sea Salt Co", "stall 4",
            T0.plusSeconds(60));
    private final ApplicationApproved approved = new ApplicationApproved(market, application,
            new OrganizerId(owner), new VendorId(vendor), ApplicationStatus.SUBMITTED, "welcome", T0.plusSeconds(120));

    @Test
    void theOwnerSeesTheApplicationWithItsVendorNameAndLatestStatus() {
        applyInOrder();

        MarketApplicationPage page = ownersPage(owner).orElseThrow();

        assertThat(page.items()).containsExactly(new MarketApplication(application, market, new VendorId(vendor),
                "Sea Salt Co", ApplicationStatus.APPROVED, "stall 4", T0.plusSeconds(60), T0.plusSeconds(120)));
        assertThat(page.nextCursor()).isNull();
    }

    @Test
    void replayingEveryEventAgainLeavesTheSameRows() {
        applyInOrder();
        Map<String, Object> once = rowOf(application);

        applyInOrder();
        database.project(() -> marketApplications.on(submitted, 1));

        assertThat(rowOf(application)).isEqualTo(once);
        assertThat(ownersPage(owner).orElseThrow().items()).hasSize(1);
    }

    @Test
    void anOlderEventArrivingAfterANewerOneChangesNothing() {
        applyInOrder();
        ApplicationRejected staleRejection = new ApplicationRejected(market, application, new OrganizerId(owner),
                new VendorId(vendor), ApplicationStatus.SUBMITTED, "", T0.plusSeconds(90));

        database.project(() -> marketApplications.on(staleRejection, 1));

        assertThat(ownersPage(owner).orElseThrow().items().get(0).status()).isEqualTo(ApplicationStatus.APPROVED);
    }

    @Test
    void anotherOrganizerCannotTellTheMarketExists() {
        applyInOrder();

        assertThat(ownersPage("organizer-" + UUID.randomUUID())).isEmpty();
    }

    @Test
    void anOwnedMarketWithoutApplicationsIsAnEmptyPageNotAMissingMarket() {
        database.project(() -> marketApplications.on(created));

        assertThat(ownersPage(owner)).contains(new MarketApplicationPage(List.of(), null));
    }

    @Test
    void theVendorSeesTheirApplicationWithTheMarketNameAndNobodyElseDoes() {
        applyInOrder();

        VendorApplicationPage own = queries.handle(
                new FindVendorApplicationsQuery(TestTenants.vendor(vendor).id(), null, PageRequest.first()),
                TestTenants.vendor(vendor));
        VendorApplicationPage someoneElses = queries.handle(
                new FindVendorApplicationsQuery(TestTenants.vendor("vendor-x").id(), null, PageRequest.first()),
                TestTenants.vendor("vendor-x"));

        assertThat(own.items()).singleElement().satisfies(item -> {
            assertThat(item.marketName()).isEqualTo("Harbour Market");
            assertThat(item.status()).isEqualTo(ApplicationStatus.APPROVED);
        });
        assertThat(someoneElses.items()).isEmpty();
    }

    @Test
    void pagesFollowEachOtherWithoutGapsOrRepeatsNewestFirst() {
        database.project(() -> marketApplications.on(created));
        for (int i = 0; i < 7; i++) {
            ApplicationSubmitted another = new ApplicationSubmitted(market, ApplicationId.random(),
                    new OrganizerId(owner), "Harbour Market", new VendorId("vendor-" + i), "Stall " + i, "",
                    T0.plus(i, ChronoUnit.MINUTES));
            long sequence = i + 1;
            database.project(() -> marketApplications.on(another, sequence));
        }
        VerifiedTenant tenant = TestTenants.organizer(owner);

        List<String> seen = new java.util.ArrayList<>();
        String cursor = null;
        do {
            MarketApplicationPage page = queries.handle(new FindMarketApplicationsQuery(tenant.id(), market, null,
                    new PageRequest(3, cursor)), tenant).orElseThrow();
            page.items().forEach(item -> seen.add(item.vendorName()));
            cursor = page.nextCursor();
        } while (cursor != null);

        assertThat(seen).containsExactly("Stall 6", "Stall 5", "Stall 4", "Stall 3", "Stall 2", "Stall 1", "Stall 0");
    }

    private void applyInOrder() {
        database.project(() -> marketApplications.on(created));
        database.project(() -> marketApplications.on(submitted, 1));
        database.project(() -> marketApplications.on(approved, 2));
        database.project(() -> vendorApplications.on(submitted, 1));
        database.project(() -> vendorApplications.on(approved, 2));
    }

    private Optional<MarketApplicationPage> ownersPage(String organizer) {
        VerifiedTenant tenant = TestTenants.organizer(organizer);
        return queries.handle(new FindMarketApplicationsQuery(tenant.id(), market, null, PageRequest.first()), tenant);
    }

    private Map<String, Object> rowOf(ApplicationId id) {
        return database.asProjector(() -> database.projector()
                .sql("SELECT * FROM market_application WHERE application_id = :id")
                .param("id", id.value())
                .query().singleRow());
    }
}
