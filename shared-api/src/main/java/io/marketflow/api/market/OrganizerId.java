package io.marketflow.api.market;

import java.util.Objects;

/**
 * An organizer: the verified {@code sub} of a token with the {@code organizer} role.
 *
 * @param value the subject as the identity provider issued it
 */
public record OrganizerId(String value) {
    public OrganizerId {
        Objects.requireNonNull(value, "value");
        if (value.isBlank()) {
            throw new IllegalArgumentException("an organizer id is never blank");
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
