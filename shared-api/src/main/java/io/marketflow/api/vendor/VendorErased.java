package io.marketflow.api.vendor;

import java.time.Instant;

/**
 * A vendor's data keys were destroyed: from here on none of their personal fields decrypts, and every read model
 * forgets them. Carries nothing personal.
 *
 * @param vendorId the vendor
 * @param erasedAt when
 */
public record VendorErased(VendorId vendorId, Instant erasedAt) {
}
