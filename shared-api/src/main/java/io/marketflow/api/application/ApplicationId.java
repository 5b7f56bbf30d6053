package io.marketflow.api.application;

import java.util.Objects;
import java.util.UUID;

/**
 * Identifies a vendor's application to a market.
 *
 * @param value the server-made UUID
 */
public record ApplicationId(UUID value) {
    public ApplicationId {
        Objects.requireNonNull(value, "value");
    }

    /** A fresh, random application id. */
    public static ApplicationId random() {
        return new ApplicationId(UUID.randomUUID());
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
