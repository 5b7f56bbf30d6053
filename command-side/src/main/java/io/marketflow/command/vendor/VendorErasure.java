package io.marketflow.command.vendor;

import io.marketflow.api.vendor.EraseVendor;
import io.marketflow.command.idempotency.CallerResults;
import io.marketflow.persistence.personal.VendorDataKeys;
import javax.sql.DataSource;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.Repository;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Erases a vendor in one transaction, the command's: their data keys are destroyed first (waiting for every
 * transaction still writing with them), what their {@code Idempotency-Key}s remembered is forgotten, the read-model
 * copies a rebuild retired are blanked, and {@code VendorErased} is appended. Either all of it commits or none: a
 * crash leaves the vendor as they were or erased.
 */
@Component
class VendorErasure {

    private final Repository<Vendor> vendors;
    private final VendorDataKeys keys;
    private final CallerResults remembered;
    private final JdbcClient jdbc;

    VendorErasure(Repository<Vendor> vendors, VendorDataKeys keys, CallerResults remembered, DataSource dataSource) {
        this.vendors = vendors;
        this.keys = keys;
        this.remembered = remembered;
        this.jdbc = JdbcClient.create(dataSource);
    }

    @CommandHandler
    void handle(EraseVendor command) {
        String vendor = command.vendorId().value();
        keys.destroyAll(vendor);
        remembered.forgetAllOf(vendor);
        // the copies a read-model rebuild retired are out of the projections' reach
        jdbc.sql("SELECT public.erase_vendor_from_retired_read_models(?)").param(vendor).query(Integer.class).single();
        try {
            vendors.load(vendor).execute(profile -> profile.erase(command.erasedAt()));
        } catch (AggregateNotFoundException neverMadeAProfile) {
            // nothing was ever stored about them: no profile, hence no application
        }
    }
}
