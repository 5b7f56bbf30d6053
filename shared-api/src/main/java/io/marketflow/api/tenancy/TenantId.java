package io.marketflow.api.tenancy;

import java.util.Objects;

/**
 * The owner of a slice of data: an organizer's or a vendor's subject. Read-model rows carry it and
 * PostgreSQL's row-level security compares it with the tenant set for the transaction.
 *
 * @param value the subject the data belongs to
 */
public record TenantId(String value) {
    public TenantId {
        Objects.requireNonNull(value, "value");
        if (value.isBlank()) {
            throw new IllegalArgumentException("a tenant id is never blank");
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
