package io.marketflow.api.market;

import io.marketflow.api.paging.PageRequest;
import io.marketflow.api.tenancy.TenantId;
import io.marketflow.api.tenancy.TenantScopedQuery;

/**
 * The markets the tenant (an organizer) owns, newest first. Answers a {@link MarketPage}.
 *
 * @param tenant the organizer
 * @param page   which page
 */
public record FindMyMarketsQuery(TenantId tenant, PageRequest page) implements TenantScopedQuery {
}
