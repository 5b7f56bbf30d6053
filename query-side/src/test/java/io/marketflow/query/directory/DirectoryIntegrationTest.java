package io.marketflow.query.directory;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketflow.api.market.DirectoryEntry;
import io.marketflow.api.market.FindOpenMarketsQuery;
import io.marketflow.api.market.MarketClosed;
import io.marketflow.api.market.MarketCreated;
import io.marketflow.api.market.MarketId;
import io.marketflow.api.market.MarketReopened;
import io.marketflow.api.market.OrganizerId;
import io.marketflow.api.paging.PageRequest;
import io.marketflow.query.ReadModelDatabase;
import io.marketflow.query.TestTenants;
import io.marketflow.edge.caller.VerifiedTenant;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The open-market directory against a real PostgreSQL. */
class DirectoryIntegrationTest {

    private final ReadModelDatabase database = ReadModelDatabase.get();
    private final DirectoryProjection projection = new DirectoryProjection(database.writes());
    private final DirectoryQueries queries = new DirectoryQueries(database.reads());
    private final VerifiedTenant anyVendor = TestTenants.vendor("vendor-" + UUID.randomUUID());

    @Test
    void onlyOpenMarketsAreListedAndReopeningListsAMarketAgain() {
        MarketId market = MarketId.random();
        OrganizerId owner = new OrganizerId("organizer-" + UUID.randomUUID());
        Instant now = Instant.parse("2099-01-01T00:00:00Z"); // newest of all, so it is on the first page

        database.project(() -> projection.on(new MarketCreated(market, owner, "Night Market", "Old Town", now), 0));
        assertThat(firstPage()).contains(new DirectoryEntry(market, "Night Market", "Old Town"));

        database.project(() -> projection.on(new MarketClosed(market, owner, now), 1));
        assertThat(firstPage()).extracting(DirectoryEntry::id).doesNotContain(market);

        database.project(() -> projection.on(new MarketReopened(market, owner, now), 2));
        database.project(() -> projection.on(new MarketClosed(market, owner, now), 1)); // a replayed, older event
        assertThat(firstPage()).extracting(DirectoryEntry::id).contains(market);
    }

    private List<DirectoryEntry> firstPage() {
        return queries.handle(new FindOpenMarketsQuery(anyVendor.id(), new PageRequest(200, null)), anyVendor).items();
    }
}
