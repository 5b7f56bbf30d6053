package io.marketflow.api.tenancy;

/**
 * Every query implements this: a query that names no tenant cannot be answered. The query side refuses a
 * query whose tenant differs from the one verified from the caller's token.
 */
public interface TenantScopedQuery {

    /** The tenant whose data the query may see. */
    TenantId tenant();
}
