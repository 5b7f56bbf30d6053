package io.marketflow.api.vendor;

import java.time.Instant;

/**
 * A vendor created their profile.
 *
 * @param vendorId     the vendor
 * @param businessName the business they apply as
 * @param category     what they sell, possibly empty
 * @param registeredAt when
 */
public record VendorProfileRegistered(VendorId vendorId, @Personal(of = "vendorId") String businessName,
                                      @Personal(of = "vendorId") String category,
                                      Instant registeredAt) {
}
