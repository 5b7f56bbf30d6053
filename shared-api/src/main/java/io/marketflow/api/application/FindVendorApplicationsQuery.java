package io.marketflow.api.application;

import io.marketflow.api.paging.PageRequest;
import io.marketflow.api.tenancy.TenantId;
import io.marketflow.api.tenancy.TenantScopedQuery;

/**
 * The tenant's (a vendor's) own applications, newest first. Answers a {@link VendorApplicationPage}.
 *
 * @param tenant the vendor
 * @param status only applications in this status, or {@code null} for all
 * @param page   which page
 */
public record FindVendorApplicationsQuery(TenantId tenant, ApplicationStatus status, PageRequest page)
        implements TenantScopedQuery {
}
