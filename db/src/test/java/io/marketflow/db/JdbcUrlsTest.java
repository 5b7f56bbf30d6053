package io.marketflow.db;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JdbcUrlsTest {

    @Test
    void credentialsAreRemovedAndEverythingElseKept() {
        assertThat(JdbcUrls.withoutCredentials("jdbc:postgresql://db:5432/marketflow?user=postgres&ssl=true&Password=x"))
                .isEqualTo("jdbc:postgresql://db:5432/marketflow?ssl=true");
    }

    @Test
    void aUrlWithOnlyCredentialsLosesItsQuery() {
        assertThat(JdbcUrls.withoutCredentials("jdbc:postgresql://localhost:5432/marketflow?user=postgres"))
                .isEqualTo("jdbc:postgresql://localhost:5432/marketflow");
    }

    @Test
    void aUrlWithoutAQueryIsUnchanged() {
        assertThat(JdbcUrls.withoutCredentials("jdbc:postgresql://localhost/marketflow"))
                .isEqualTo("jdbc:postgresql://localhost/marketflow");
    }

    @Test
    void parametersThatMerelyStartLikeCredentialsStay() {
        assertThat(JdbcUrls.withoutCredentials("jdbc:postgresql://h/db?username_hint=a&user=b"))
                .isEqualTo("jdbc:postgresql://h/db?username_hint=a");
    }
}
