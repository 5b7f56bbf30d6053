package io.marketflow.api.market;

import io.marketflow.api.paging.PageRequest;
import io.marketflow.api.tenancy.TenantId;
import io.marketflow.api.tenancy.TenantScopedQuery;

/**
 * The public directory of markets open for applications, newest first. Answers a {@link DirectoryPage}. The
 * directory is the same for every tenant, but only a verified tenant may read it.
 *
 * @param tenant the caller's tenant
 * @param page   which page
 */
public record FindOpenMarketsQuery(TenantId tenant, PageRequest page) implements TenantScopedQuery {
}
