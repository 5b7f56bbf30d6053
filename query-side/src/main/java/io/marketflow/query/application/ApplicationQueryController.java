package io.marketflow.query.application;

import io.marketflow.api.application.ApplicationStatus;
import io.marketflow.api.application.FindMarketApplicationsQuery;
import io.marketflow.api.application.FindVendorApplicationsQuery;
import io.marketflow.api.application.MarketApplicationPage;
import io.marketflow.api.application.VendorApplicationPage;
import io.marketflow.api.market.MarketId;
import io.marketflow.edge.web.NotFoundException;
import io.marketflow.projection.ReadModel;
import io.marketflow.query.paging.Paging;
import io.marketflow.edge.caller.ActingAs;
import io.marketflow.query.tenancy.TenantQueries;
import io.marketflow.edge.caller.TenantRole;
import io.marketflow.edge.caller.VerifiedTenant;
import java.util.Optional;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Applications of an organizer's market, and a vendor's own applications. */
@RestController
class ApplicationQueryController {

    private final TenantQueries queries;

    ApplicationQueryController(TenantQueries queries) {
        this.queries = queries;
    }

    @GetMapping("/api/markets/{marketId}/applications")
    @ReadModel(MarketApplicationsProjection.GROUP)
    MarketApplicationPage marketApplications(@PathVariable UUID marketId,
                                               @RequestParam(required = false) ApplicationStatus status,
                                               @RequestParam(required = false) Integer limit,
                                               @RequestParam(required = false) String cursor,
                                               @ActingAs(TenantRole.ORGANIZER) VerifiedTenant tenant) {
        var page = Paging.request(limit, cursor);
        Optional<MarketApplicationPage> applications = queries.find(tenant,
                id -> new FindMarketApplicationsQuery(id, new MarketId(marketId), status, page),
                MarketApplicationPage.class);
        return applications.orElseThrow(NotFoundException::new);
    }

    @GetMapping("/api/vendor/applications")
    @ReadModel(VendorApplicationsProjection.GROUP)
    VendorApplicationPage vendorApplications(@RequestParam(required = false) ApplicationStatus status,
                                               @RequestParam(required = false) Integer limit,
                                               @RequestParam(required = false) String cursor,
                                               @ActingAs(TenantRole.VENDOR) VerifiedTenant tenant) {
        var page = Paging.request(limit, cursor);
        return queries.ask(tenant, id -> new FindVendorApplicationsQuery(id, status, page),
                VendorApplicationPage.class);
    }
}
