package io.marketflow.query.market;

import io.marketflow.api.application.ApplicationStatus;
import io.marketflow.api.market.FindMarketQuery;
import io.marketflow.api.market.FindMyMarketsQuery;
import io.marketflow.api.market.MarketDetails;
import io.marketflow.api.market.MarketId;
import io.marketflow.api.market.MarketSummary;
import io.marketflow.api.market.MarketPage;
import io.marketflow.query.paging.Slice;
import io.marketflow.query.paging.Keyset;
import io.marketflow.query.paging.Paging;
import io.marketflow.query.jdbc.JdbcValues;
import io.marketflow.query.tenancy.TenantReads;
import io.marketflow.edge.caller.VerifiedTenant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;

/** Answers an organizer's questions about their own markets from {@code market_counts}. */
@Component
class MarketQueries {

    private static final String COLUMNS = "SELECT market_id, name, location, open, created_at, submitted, approved, "
            + "rejected, waitlisted, withdrawn FROM market_counts";

    private static final RowMapper<MarketSummary> SUMMARY = (row, n) -> new MarketSummary(
            new MarketId(JdbcValues.uuid(row, "market_id")), row.getString("name"), row.getString("location"),
            row.getBoolean("open"), JdbcValues.instant(row, "created_at"));

    private static final RowMapper<MarketDetails> DETAILS = (row, n) -> {
        Map<ApplicationStatus, Long> counts = new EnumMap<>(ApplicationStatus.class);
        for (ApplicationStatus status : ApplicationStatus.values()) {
            counts.put(status, row.getLong(MarketCountsProjection.column(status)));
        }
        return new MarketDetails(new MarketId(JdbcValues.uuid(row, "market_id")), row.getString("name"),
                row.getString("location"), row.getBoolean("open"), JdbcValues.instant(row, "created_at"), counts);
    };

    private final TenantReads reads;

    MarketQueries(TenantReads reads) {
        this.reads = reads;
    }

    @QueryHandler
    MarketPage handle(FindMyMarketsQuery query, VerifiedTenant tenant) {
        Slice<MarketSummary> slice = Paging.fetch(reads, tenant, COLUMNS, "tenant_id = :tenant",
                Map.of("tenant", tenant.id().value()), "created_at", "market_id", query.page(), SUMMARY,
                market -> new Keyset(market.createdAt(), market.id().value()));
        return new MarketPage(slice.items(), slice.nextCursor());
    }

    @QueryHandler
    Optional<MarketDetails> handle(FindMarketQuery query, VerifiedTenant tenant) {
        return reads.optional(tenant, COLUMNS + " WHERE tenant_id = :tenant AND market_id = :marketId",
                Map.of("tenant", tenant.id().value(), "marketId", query.marketId().value()), DETAILS);
    }
}
