package io.marketflow.command.market;

import io.marketflow.api.vendor.VendorId;
import java.util.Optional;

/** What a market needs to know of vendors: the business name they apply as, if they have a profile. */
public interface VendorProfiles {

    Optional<String> businessNameOf(VendorId vendor);
}
