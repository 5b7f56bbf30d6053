package io.marketflow.command.vendor;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import io.marketflow.api.vendor.SaveVendorProfile;
import io.marketflow.api.vendor.VendorId;
import io.marketflow.api.vendor.VendorProfileRegistered;
import io.marketflow.api.vendor.VendorProfileSaved;
import io.marketflow.api.vendor.VendorErased;
import io.marketflow.api.vendor.VendorProfileUpdated;
import io.marketflow.command.text.FreeText;
import io.marketflow.persistence.personal.DataKeyIssuer;
import java.time.Instant;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * A vendor's profile, identified by the vendor's own subject: only that vendor can ever address it. Its personal
 * fields are stored sealed under the vendor's data key; once erased it holds none, and a new profile starts over
 * under a new key. The only aggregate that keeps personal fields, its name and category: a command loading it from
 * its events opens only those named in {@code marketflow.personal-data.open-when-writing}, and a field kept here must
 * be named there.
 */
@Aggregate(cache = "vendorCache")
class Vendor {

    static final int MAX_BUSINESS_NAME = 120;
    static final int MAX_CATEGORY = 60;

    @AggregateIdentifier
    private VendorId vendorId;
    private String businessName;
    private String category;
    private boolean erased;

    Vendor() {
        // for Axon, which rebuilds the profile from its events or creates it on first save
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    VendorProfileSaved handle(SaveVendorProfile command, DataKeyIssuer keys) {
        String newName = FreeText.require("businessName", command.businessName(), 1, MAX_BUSINESS_NAME);
        String newCategory = FreeText.require("category", command.category(), 0, MAX_CATEGORY);
        if (vendorId == null || erased) {
            // in the command's transaction: the key exists exactly when the profile does
            keys.issueFor(command.vendorId().value());
            apply(new VendorProfileRegistered(command.vendorId(), newName, newCategory, command.savedAt()));
            return new VendorProfileSaved(true);
        }
        if (!newName.equals(businessName) || !newCategory.equals(category)) {
            apply(new VendorProfileUpdated(vendorId, newName, newCategory, command.savedAt()));
        }
        return new VendorProfileSaved(false);
    }

    /** The business name, {@code null} once erased. */
    String businessName() {
        return businessName;
    }

    /** Records the erasure, once; {@link VendorErasure} has destroyed the keys in the same transaction. */
    void erase(Instant erasedAt) {
        if (!erased) {
            apply(new VendorErased(vendorId, erasedAt));
        }
    }

    @EventSourcingHandler
    void on(VendorProfileRegistered event) {
        vendorId = event.vendorId();
        businessName = event.businessName();
        category = event.category();
        erased = false;
    }

    @EventSourcingHandler
    void on(VendorProfileUpdated event) {
        businessName = event.businessName();
        category = event.category();
    }

    @EventSourcingHandler
    void on(VendorErased event) {
        businessName = null;
        category = null;
        erased = true;
    }
}
