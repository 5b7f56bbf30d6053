package io.marketflow.api.vendor;

import java.util.Objects;

/**
 * A vendor: the verified {@code sub} of a token with the {@code vendor} role; also the Vendor aggregate's identifier.
 *
 * @param value the subject as the identity provider issued it
 */
public record VendorId(String value) {
    public VendorId {
        Objects.requireNonNull(value, "value");
        if (value.isBlank()) {
            throw new IllegalArgumentException("a vendor id is never blank");
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
