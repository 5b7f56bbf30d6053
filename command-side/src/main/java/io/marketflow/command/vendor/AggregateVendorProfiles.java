package io.marketflow.command.vendor;

import io.marketflow.api.vendor.VendorId;
import io.marketflow.command.market.VendorProfiles;
import io.marketflow.persistence.personal.VendorDataKeys.ProfileVersion;
import java.util.Optional;
import javax.sql.DataSource;
import org.axonframework.modelling.command.Aggregate;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.axonframework.modelling.command.Repository;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Reads a vendor's business name from the Vendor aggregate itself, inside the caller's unit of work; an erased vendor
 * has none, as if they had never made a profile. Reading appends nothing to the profile, so nothing would tell this
 * instance that another one has since renamed or erased the vendor, or seen them make a new profile: the profile kept
 * here must hold the vendor's newest event in the store (one look-up in the store's unique index on aggregate and
 * sequence, made by the statement that locked the vendor's key when there is one), else the command is sent again
 * on a profile loaded afresh.
 */
@Component
class AggregateVendorProfiles implements VendorProfiles {

    private final Repository<Vendor> vendors;
    private final JdbcClient jdbc;

    AggregateVendorProfiles(Repository<Vendor> vendors, DataSource dataSource) {
        this.vendors = vendors;
        this.jdbc = JdbcClient.create(dataSource);
    }

    @Override
    public Optional<String> businessNameOf(VendorId vendor) {
        Aggregate<Vendor> profile;
        try {
            profile = vendors.load(vendor.toString());
        } catch (AggregateNotFoundException noProfile) {
            return Optional.empty();
        }
        Long newest = KeysBeforeAggregates.profileVersionRead(vendor).map(ProfileVersion::newestEvent)
                .orElseGet(() -> jdbc.sql("""
                                SELECT max(sequence_number) FROM public.domain_event_entry
                                WHERE aggregate_identifier = ?""")
                        .param(vendor.toString()).query(Long.class).single());
        if (newest != null && (profile.version() == null || newest > profile.version())) {
            // the cached profile is dropped with this unit of work's rollback
            throw new ConcurrencyException("the profile of " + vendor + " kept here is older than its events");
        }
        return Optional.ofNullable(profile.invoke(Vendor::businessName));
    }
}
