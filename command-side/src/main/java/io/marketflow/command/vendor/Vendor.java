package io.marketflow.command.vendor;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import io.marketflow.api.vendor.SaveVendorProfile;
import io.marketflow.api.vendor.VendorId;
import io.marketflow.api.vendor.VendorProfileRegistered;
import io.marketflow.api.vendor.VendorProfileSaved;
import io.marketflow.api.vendor.VendorProfileUpdated;
import io.marketflow.command.text.FreeText;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

/** A vendor's profile, identified by the vendor's own subject: only that vendor can ever address it. */
@Aggregate(cache = "vendorCache")
class Vendor {

    static final int MAX_BUSINESS_NAME = 120;
    static final int MAX_CATEGORY = 60;

    @AggregateIdentifier
    private VendorId vendorId;
    private String businessName;
    private String category;

    Vendor() {
        // for Axon, which rebuilds the profile from its events or creates it on first save
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    VendorProfileSaved handle(SaveVendorProfile command) {
        String newName = FreeText.require("businessName", command.businessName(), 1, MAX_BUSINESS_NAME);
        String newCategory = FreeText.require("category", command.category(), 0, MAX_CATEGORY);
        if (vendorId == null) {
            apply(new VendorProfileRegistered(command.vendorId(), newName, newCategory, command.savedAt()));
            return new VendorProfileSaved(true);
        }
        if (!newName.equals(businessName) || !newCategory.equals(category)) {
            apply(new VendorProfileUpdated(vendorId, newName, newCategory, command.savedAt()));
        }
        return new VendorProfileSaved(false);
    }

    String businessName() {
        return businessName;
    }

    @EventSourcingHandler
    void on(VendorProfileRegistered event) {
        vendorId = event.vendorId();
        businessName = event.businessName();
        category = event.category();
    }

    @EventSourcingHandler
    void on(VendorProfileUpdated event) {
        businessName = event.businessName();
        category = event.category();
    }
}
