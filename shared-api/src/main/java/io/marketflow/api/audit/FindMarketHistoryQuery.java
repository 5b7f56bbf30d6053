package io.marketflow.api.audit;

import io.marketflow.api.market.MarketId;
import io.marketflow.api.paging.PageRequest;
import io.marketflow.api.tenancy.TenantId;
import io.marketflow.api.tenancy.TenantScopedQuery;

/**
 * A market's event history, oldest first. Answers an {@code Optional<MarketHistoryPage>}: empty when the market does
 * not exist or belongs to another tenant.
 *
 * @param tenant   the organizer who owns the market (for an auditor: the organizer they audit)
 * @param marketId the market
 * @param page     which page; its cursor is the last page's {@code nextCursor}
 */
public record FindMarketHistoryQuery(TenantId tenant, MarketId marketId, PageRequest page)
        implements TenantScopedQuery {
}
