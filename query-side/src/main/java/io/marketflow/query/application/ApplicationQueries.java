package io.marketflow.query.application;

import io.marketflow.api.application.ApplicationId;
import io.marketflow.api.application.ApplicationStatus;
import io.marketflow.api.application.FindMarketApplicationQuery;
import io.marketflow.api.application.FindMarketApplicationsQuery;
import io.marketflow.api.application.FindVendorApplicationsQuery;
import io.marketflow.api.application.MarketApplication;
import io.marketflow.api.application.MarketApplicationPage;
import io.marketflow.api.application.VendorApplication;
import io.marketflow.api.application.VendorApplicationPage;
import io.marketflow.api.market.MarketId;
import io.marketflow.api.vendor.VendorId;
import io.marketflow.query.paging.Keyset;
import io.marketflow.query.paging.Paging;
import io.marketflow.query.paging.Slice;
import io.marketflow.query.jdbc.JdbcValues;
import io.marketflow.query.tenancy.TenantReads;
import io.marketflow.edge.caller.VerifiedTenant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;

/** Lists applications for the market's owner and for the applicant. */
@Component
class ApplicationQueries {

    private static final RowMapper<MarketApplication> MARKET_APPLICATION = (row, n) -> new MarketApplication(
            new ApplicationId(JdbcValues.uuid(row, "application_id")), new MarketId(JdbcValues.uuid(row, "market_id")),
            new VendorId(row.getString("vendor_id")), row.getString("vendor_name"),
            ApplicationStatus.valueOf(row.getString("status")), row.getString("note"),
            JdbcValues.instant(row, "submitted_at"), JdbcValues.instant(row, "updated_at"));

    private static final RowMapper<VendorApplication> VENDOR_APPLICATION = (row, n) -> new VendorApplication(
            new ApplicationId(JdbcValues.uuid(row, "application_id")), new MarketId(JdbcValues.uuid(row, "market_id")),
            row.getString("market_name"), ApplicationStatus.valueOf(row.getString("status")),
            JdbcValues.instant(row, "submitted_at"), JdbcValues.instant(row, "updated_at"));

    private final TenantReads reads;

    ApplicationQueries(TenantReads reads) {
        this.reads = reads;
    }

    /**
     * Empty when the market does not exist or is not the tenant's; an owned market may list nothing. Whether the
     * market is the tenant's and its page are read in one statement: the market's row, joined with its page.
     */
    @QueryHandler
    Optional<MarketApplicationPage> handle(FindMarketApplicationsQuery query, VerifiedTenant tenant) {
        Map<String, Object> params = new HashMap<>();
        params.put("tenant", tenant.id().value());
        params.put("marketId", query.marketId().value());
        String page = "SELECT * FROM market_application WHERE tenant_id = :tenant AND market_id = m.market_id"
                + statusFilter(query.status(), params)
                + Paging.pageClause("submitted_at", "application_id", query.page(), params);
        List<Optional<MarketApplication>> rows = reads.list(tenant, """
                        SELECT a.* FROM market_application_market m LEFT JOIN LATERAL (%s) a ON true
                        WHERE m.market_id = :marketId AND m.tenant_id = :tenant
                        ORDER BY a.submitted_at DESC, a.application_id DESC""".formatted(page), params,
                (row, n) -> row.getObject("application_id") == null
                        ? Optional.<MarketApplication>empty() : Optional.of(MARKET_APPLICATION.mapRow(row, n)));
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        List<MarketApplication> found = rows.stream().flatMap(Optional::stream).toList();
        Slice<MarketApplication> slice = Paging.slice(found, query.page(),
                application -> new Keyset(application.submittedAt(), application.id().value()));
        return Optional.of(new MarketApplicationPage(slice.items(), slice.nextCursor()));
    }

    /** Empty unless the application is in that market and the market is the tenant's. */
    @QueryHandler
    Optional<MarketApplication> handle(FindMarketApplicationQuery query, VerifiedTenant tenant) {
        return reads.optional(tenant, """
                        SELECT * FROM market_application
                        WHERE tenant_id = :tenant AND market_id = :marketId AND application_id = :applicationId""",
                Map.of("tenant", tenant.id().value(), "marketId", query.marketId().value(),
                        "applicationId", query.applicationId().value()),
                MARKET_APPLICATION);
    }

    @QueryHandler
    VendorApplicationPage handle(FindVendorApplicationsQuery query, VerifiedTenant tenant) {
        Map<String, Object> params = new HashMap<>();
        params.put("tenant", tenant.id().value());
        String filter = "tenant_id = :tenant" + statusFilter(query.status(), params);
        Slice<VendorApplication> slice = Paging.fetch(reads, tenant, "SELECT * FROM vendor_application", filter,
                params, "submitted_at", "application_id", query.page(), VENDOR_APPLICATION,
                application -> new Keyset(application.submittedAt(), application.id().value()));
        return new VendorApplicationPage(slice.items(), slice.nextCursor());
    }

    private static String statusFilter(ApplicationStatus status, Map<String, Object> params) {
        if (status == null) {
            return "";
        }
        params.put("status", status.name());
        return " AND status = :status";
    }
}
