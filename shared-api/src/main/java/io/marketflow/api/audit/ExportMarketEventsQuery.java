package io.marketflow.api.audit;

import io.marketflow.api.market.MarketId;
import io.marketflow.api.tenancy.TenantId;
import io.marketflow.api.tenancy.TenantScopedQuery;

/**
 * Every stored event of a market, byte for byte with its chain hash, for verifying offline. Answers an
 * {@code Optional<StoredEventsExport>}: empty when the market does not exist or belongs to another tenant.
 *
 * @param tenant   the organizer who owns the market (for an auditor: the organizer they audit)
 * @param marketId the market
 */
public record ExportMarketEventsQuery(TenantId tenant, MarketId marketId) implements TenantScopedQuery {
}
