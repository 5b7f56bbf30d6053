package io.marketflow.query.directory;

import io.marketflow.api.market.DirectoryEntry;
import io.marketflow.api.market.DirectoryPage;
import io.marketflow.api.market.FindOpenMarketsQuery;
import io.marketflow.api.market.MarketId;
import io.marketflow.query.paging.Keyset;
import io.marketflow.query.paging.Paging;
import io.marketflow.query.paging.Slice;
import io.marketflow.query.jdbc.JdbcValues;
import io.marketflow.query.tenancy.TenantReads;
import io.marketflow.edge.caller.VerifiedTenant;
import java.time.Instant;
import java.util.Map;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.stereotype.Component;

/** Lists open markets to any signed-in caller. */
@Component
class DirectoryQueries {

    /** A directory row with the time it is sorted by, which the answer does not show. */
    private record Listed(DirectoryEntry entry, Instant createdAt) {
    }

    private final TenantReads reads;

    DirectoryQueries(TenantReads reads) {
        this.reads = reads;
    }

    @QueryHandler
    DirectoryPage handle(FindOpenMarketsQuery query, VerifiedTenant tenant) {
        Slice<Listed> listed = Paging.fetch(reads, tenant,
                "SELECT market_id, name, location, created_at FROM directory_market", "open", Map.of(),
                "created_at", "market_id", query.page(),
                (row, n) -> new Listed(new DirectoryEntry(new MarketId(JdbcValues.uuid(row, "market_id")),
                        row.getString("name"), row.getString("location")), JdbcValues.instant(row, "created_at")),
                market -> new Keyset(market.createdAt(), market.entry().id().value()));
        return new DirectoryPage(listed.items().stream().map(Listed::entry).toList(), listed.nextCursor());
    }
}
