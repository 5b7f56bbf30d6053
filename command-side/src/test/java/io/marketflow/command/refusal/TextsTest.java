package io.marketflow.command.refusal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TextsTest {

    @ParameterizedTest
    @ValueSource(strings = {"Market", "Marché 中市場", "emoji \uD83E\uDD55 carrot", "tab\tand\nnewline"})
    void textThatCanBeStoredExactlyIsKept(String text) {
        assertThat(Texts.require("name", text, 1, 120)).isEqualTo(text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\u0000b", "\u0000", "lone high \uD83E end", "lone low \uDD55 end", "ends high \uD83E"})
    void textThatPostgresCouldNotStoreExactlyIsRefused(String text) {
        assertThatThrownBy(() -> Texts.require("name", text, 0, 120))
                .isInstanceOf(InvalidCommandException.class)
                .hasMessageContaining("cannot be stored");
    }
}
