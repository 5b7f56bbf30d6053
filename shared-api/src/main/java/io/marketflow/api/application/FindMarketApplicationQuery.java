package io.marketflow.api.application;

import io.marketflow.api.market.MarketId;
import io.marketflow.api.tenancy.TenantId;
import io.marketflow.api.tenancy.TenantScopedQuery;

/**
 * One application to one of the tenant's markets. Answers an {@code Optional<MarketApplication>}: empty when it does
 * not exist, is not in that market, or the market belongs to someone else.
 *
 * @param tenant        the organizer
 * @param marketId      the market
 * @param applicationId the application
 */
public record FindMarketApplicationQuery(TenantId tenant, MarketId marketId, ApplicationId applicationId)
        implements TenantScopedQuery {
}
