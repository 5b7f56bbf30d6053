package io.marketflow.query.market;

import io.marketflow.api.market.FindMarketQuery;
import io.marketflow.api.market.FindMyMarketsQuery;
import io.marketflow.api.market.MarketDetails;
import io.marketflow.api.market.MarketId;
import io.marketflow.api.market.MarketPage;
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
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** An organizer's own markets. */
@RestController
@RequestMapping("/api/markets")
class MarketQueryController {

    private final TenantQueries queries;

    MarketQueryController(TenantQueries queries) {
        this.queries = queries;
    }

    @GetMapping
    @ReadModel(MarketCountsProjection.GROUP)
    MarketPage myMarkets(@RequestParam(required = false) Integer limit,
                         @RequestParam(required = false) String cursor,
                         @ActingAs(TenantRole.ORGANIZER) VerifiedTenant tenant) {
        var page = Paging.request(limit, cursor);
        return queries.ask(tenant, id -> new FindMyMarketsQuery(id, page), MarketPage.class);
    }

    @GetMapping("/{marketId}")
    @ReadModel(MarketCountsProjection.GROUP)
    MarketDetails market(@PathVariable UUID marketId, @ActingAs(TenantRole.ORGANIZER) VerifiedTenant tenant) {
        Optional<MarketDetails> market = queries.find(tenant, id -> new FindMarketQuery(id, new MarketId(marketId)),
                MarketDetails.class);
        return market.orElseThrow(NotFoundException::new);
    }
}
