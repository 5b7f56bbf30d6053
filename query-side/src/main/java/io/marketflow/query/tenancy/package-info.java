/**
 * Layer 2 of tenant isolation: a query runs only with a {@link io.marketflow.edge.caller.VerifiedTenant} made from
 * the caller's verified token, and reads only through {@link io.marketflow.query.tenancy.TenantReads}, which sets
 * that tenant for PostgreSQL's row-level security.
 */
package io.marketflow.query.tenancy;
