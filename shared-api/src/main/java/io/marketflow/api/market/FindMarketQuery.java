package io.marketflow.api.market;

import io.marketflow.api.tenancy.TenantId;
import io.marketflow.api.tenancy.TenantScopedQuery;

/**
 * One market of the tenant with its application counts. Answers an {@code Optional<MarketDetails>}: empty when the
 * market does not exist or belongs to someone else.
 *
 * @param tenant   the organizer
 * @param marketId the market
 */
public record FindMarketQuery(TenantId tenant, MarketId marketId) implements TenantScopedQuery {
}
