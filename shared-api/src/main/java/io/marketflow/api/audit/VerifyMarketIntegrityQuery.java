package io.marketflow.api.audit;

import io.marketflow.api.market.MarketId;
import io.marketflow.api.tenancy.TenantId;
import io.marketflow.api.tenancy.TenantScopedQuery;

/**
 * Recomputes a market's hash chain from its stored events. Answers an {@code Optional<IntegrityReport>}: empty when
 * the market does not exist or belongs to another tenant.
 *
 * @param tenant   the organizer who owns the market (for an auditor: the organizer they audit)
 * @param marketId the market
 */
public record VerifyMarketIntegrityQuery(TenantId tenant, MarketId marketId) implements TenantScopedQuery {
}
