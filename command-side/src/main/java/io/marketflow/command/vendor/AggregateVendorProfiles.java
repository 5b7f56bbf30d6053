package io.marketflow.command.vendor;

import io.marketflow.api.vendor.VendorId;
import io.marketflow.command.market.VendorProfiles;
import io.marketflow.persistence.personal.VendorDataKeys;
import java.util.Optional;
import org.axonframework.modelling.command.Aggregate;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.axonframework.modelling.command.Repository;
import org.springframework.stereotype.Component;

/**
 * Reads a vendor's business name from the Vendor aggregate itself, inside the caller's unit of work; an erased vendor
 * has none, as if they had never made a profile. Reading appends nothing to the profile, so nothing would tell this
 * instance that another one erased the vendor and saw them make a new profile: the profile kept here must be sealed
 * under the vendor's newest key (read anyway, to seal the submission), else it is from before an erasure, and the
 * command is sent again on a profile loaded afresh.
 */
@Component
class AggregateVendorProfiles implements VendorProfiles {

    private final Repository<Vendor> vendors;
    private final VendorDataKeys keys;

    AggregateVendorProfiles(Repository<Vendor> vendors, VendorDataKeys keys) {
        this.vendors = vendors;
        this.keys = keys;
    }

    @Override
    public Optional<String> businessNameOf(VendorId vendor) {
        Aggregate<Vendor> profile;
        try {
            profile = vendors.load(vendor.toString());
        } catch (AggregateNotFoundException noProfile) {
            return Optional.empty();
        }
        int keptUnder = profile.invoke(Vendor::keyGeneration);
        Optional<Integer> newest = keys.forWriting(vendor.value()).map(VendorDataKeys.DataKey::generation);
        if (newest.isPresent() && newest.get() > keptUnder) {
            throw new ConcurrencyException("the profile of " + vendor + " kept here is older than their newest key");
        }
        return Optional.ofNullable(profile.invoke(Vendor::businessName));
    }
}
