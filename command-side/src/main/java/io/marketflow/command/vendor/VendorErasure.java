package io.marketflow.command.vendor;

import io.marketflow.api.vendor.EraseVendor;
import io.marketflow.command.idempotency.CallerResults;
import io.marketflow.persistence.personal.VendorDataKeys;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.Repository;
import org.springframework.stereotype.Component;

/**
 * Erases a vendor in one transaction, the command's: their data keys are destroyed first (waiting for every
 * transaction still writing with them), what their {@code Idempotency-Key}s remembered is forgotten, and
 * {@code VendorErased} is appended. Either all of it commits or none: a crash leaves the vendor as they were or erased.
 */
@Component
class VendorErasure {

    private final Repository<Vendor> vendors;
    private final VendorDataKeys keys;
    private final CallerResults remembered;

    VendorErasure(Repository<Vendor> vendors, VendorDataKeys keys, CallerResults remembered) {
        this.vendors = vendors;
        this.keys = keys;
        this.remembered = remembered;
    }

    @CommandHandler
    void handle(EraseVendor command) {
        String vendor = command.vendorId().value();
        keys.destroyAll(vendor);
        remembered.forgetAllOf(vendor);
        try {
            vendors.load(vendor).execute(profile -> profile.erase(command.erasedAt()));
        } catch (AggregateNotFoundException neverMadeAProfile) {
            // nothing was ever stored about them: no profile, hence no application
        }
    }
}
