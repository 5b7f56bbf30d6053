package io.marketflow.query.vendor;

import io.marketflow.api.vendor.ExportVendorDataQuery;
import io.marketflow.edge.caller.ActingAs;
import io.marketflow.edge.caller.TenantRole;
import io.marketflow.edge.caller.VerifiedTenant;
import io.marketflow.query.tenancy.TenantQueries;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** A vendor's request for everything Marketflow holds about them; nobody can ask for another vendor's. */
@RestController
class VendorExportController {

    private final TenantQueries queries;

    VendorExportController(TenantQueries queries) {
        this.queries = queries;
    }

    @GetMapping("/api/vendor/export")
    VendorExport export(@ActingAs(TenantRole.VENDOR) VerifiedTenant vendor) {
        return queries.ask(vendor, ExportVendorDataQuery::new, VendorExport.class);
    }
}
