package io.marketflow.api.application;

import io.marketflow.api.market.MarketId;
import io.marketflow.api.paging.PageRequest;
import io.marketflow.api.tenancy.TenantId;
import io.marketflow.api.tenancy.TenantScopedQuery;

/**
 * The applications to one of the tenant's markets, newest first. Answers an
 * {@code Optional<MarketApplicationPage>}: empty when the market does not exist or belongs to someone else.
 *
 * @param tenant   the organizer
 * @param marketId the market
 * @param status   only applications in this status, or {@code null} for all
 * @param page     which page
 */
public record FindMarketApplicationsQuery(TenantId tenant, MarketId marketId, ApplicationStatus status,
                                          PageRequest page) implements TenantScopedQuery {
}
