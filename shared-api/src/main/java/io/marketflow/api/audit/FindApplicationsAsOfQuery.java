package io.marketflow.api.audit;

import io.marketflow.api.market.MarketId;
import io.marketflow.api.tenancy.TenantId;
import io.marketflow.api.tenancy.TenantScopedQuery;
import java.time.Instant;

/**
 * A market's applications exactly as they stood at an instant, rebuilt from the stored events up to it (not from a
 * read model). Answers an {@code Optional<ApplicationsAsOf>}: empty when the market did not exist yet at that instant,
 * does not exist, or belongs to another tenant.
 *
 * @param tenant   the organizer who owns the market (for an auditor: the organizer they audit)
 * @param marketId the market
 * @param asOf     the instant; events appended after it are left out
 */
public record FindApplicationsAsOfQuery(TenantId tenant, MarketId marketId, Instant asOf) implements TenantScopedQuery {
}
