package io.marketflow.query.directory;

import io.marketflow.api.market.DirectoryPage;
import io.marketflow.api.market.FindOpenMarketsQuery;
import io.marketflow.projection.ReadModel;
import io.marketflow.query.paging.Paging;
import io.marketflow.edge.caller.ActingAs;
import io.marketflow.query.tenancy.TenantQueries;
import io.marketflow.edge.caller.TenantRole;
import io.marketflow.edge.caller.VerifiedTenant;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The open-market directory, for every role. */
@RestController
class DirectoryController {

    private final TenantQueries queries;

    DirectoryController(TenantQueries queries) {
        this.queries = queries;
    }

    @GetMapping("/api/directory/markets")
    @ReadModel(DirectoryProjection.GROUP)
    DirectoryPage openMarkets(@RequestParam(required = false) Integer limit,
                                     @RequestParam(required = false) String cursor,
                                     @ActingAs(TenantRole.ANY_ROLE) VerifiedTenant tenant) {
        var page = Paging.request(limit, cursor);
        return queries.ask(tenant, id -> new FindOpenMarketsQuery(id, page), DirectoryPage.class);
    }
}
