package io.marketflow.persistence.ids;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.axonframework.common.IdentifierFactory;
import org.junit.jupiter.api.Test;

class RandomUuidIdentifierFactoryTest {

    @Test
    void axonMakesItsIdentifiersWithThem() {
        assertThat(IdentifierFactory.getInstance()).isInstanceOf(RandomUuidIdentifierFactory.class);
        assertThat(UUID.fromString(IdentifierFactory.getInstance().generateIdentifier()).version()).isEqualTo(4);
    }
}
