package io.marketflow.api.vendor;

import io.marketflow.api.tenancy.TenantId;
import io.marketflow.api.tenancy.TenantScopedQuery;

/**
 * Everything Marketflow holds about the tenant, a vendor: their profile, their applications and the stored events
 * about them, decrypted.
 *
 * @param tenant the vendor
 */
public record ExportVendorDataQuery(TenantId tenant) implements TenantScopedQuery {
}
