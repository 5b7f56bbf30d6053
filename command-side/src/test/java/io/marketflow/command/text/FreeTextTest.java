package io.marketflow.command.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.marketflow.command.refusal.InvalidCommandException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FreeTextTest {

    @ParameterizedTest
    @ValueSource(strings = {"Market", "Marché 中市場", "emoji \uD83E\uDD55 carrot", "tab\tand\nnewline"})
    void textThatCanBeStoredExactlyIsKept(String text) {
        assertThat(FreeText.require("name", text, 1, 120)).isEqualTo(text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\u0000b", "\u0000", "lone high \uD83E end", "lone low \uDD55 end", "ends high \uD83E"})
    void textThatPostgresCouldNotStoreExactlyIsRefused(String text) {
        assertThatThrownBy(() -> FreeText.require("name", text, 0, 120))
                .isInstanceOf(InvalidCommandException.class)
                .hasMessageContaining("cannot be stored");
    }
}
