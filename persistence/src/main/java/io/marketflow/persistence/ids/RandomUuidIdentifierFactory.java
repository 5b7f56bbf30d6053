package io.marketflow.persistence.ids;

import org.axonframework.common.IdentifierFactory;

/** Axon's message and event identifiers, made by {@link RandomUuids}; found by Axon through {@code META-INF/services}. */
public class RandomUuidIdentifierFactory extends IdentifierFactory {

    @Override
    public String generateIdentifier() {
        return RandomUuids.next().toString();
    }
}
