package io.marketflow.persistence.ids;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RandomUuidsTest {

    @Test
    void makesDistinctVersion4Uuids() {
        Set<UUID> made = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            UUID uuid = RandomUuids.next();
            assertThat(uuid.version()).isEqualTo(4);
            assertThat(uuid.variant()).isEqualTo(2);
            made.add(uuid);
        }
        assertThat(made).hasSize(10_000);
    }
}
