package io.marketflow.command.vendor;

import io.marketflow.api.vendor.VendorId;
import io.marketflow.command.market.VendorProfiles;
import java.util.Optional;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.Repository;
import org.springframework.stereotype.Component;

/**
 * Reads a vendor's business name from the Vendor aggregate itself, inside the caller's unit of work; an erased vendor
 * has none, as if they had never made a profile.
 */
@Component
class AggregateVendorProfiles implements VendorProfiles {

    private final Repository<Vendor> vendors;

    AggregateVendorProfiles(Repository<Vendor> vendors) {
        this.vendors = vendors;
    }

    @Override
    public Optional<String> businessNameOf(VendorId vendor) {
        try {
            return Optional.ofNullable(vendors.load(vendor.toString()).invoke(Vendor::businessName));
        } catch (AggregateNotFoundException noProfile) {
            return Optional.empty();
        }
    }
}
