package io.marketflow.edge.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;

/** The fast resolver finds the same token, or refuses with the same error, as Spring Security's own. */
class BearerTokensTest {

    private static final String TOKEN_CHARACTERS =
            "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~+/";

    private final BearerTokens fast = new BearerTokens();
    private final DefaultBearerTokenResolver standard = new DefaultBearerTokenResolver();

    @Test
    void agreesOnTypicalAndEdgeHeaders() {
        String[] headers = {null, "", "Bearer", "Bearer ", "bearer abc", "BEARER abc", "BeArEr abc.def-ghi_~+/==",
                "Bearer abc=", "Bearer abc==", "Bearer =abc", "Bearer ab=c", "Bearer  abc", "Bearer abc ",
                "Bearer abc\n", "Bearer\tabc", "Basic dXNlcjpwYXNz", "Bearerabc", "Bearer a", "Bearer \u00e9",
                "\u212Aearer abc", "Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJvbGdhIn0.c2lnbmF0dXJl"};
        for (String header : headers) {
            assertAgree(request(header, "GET", null));
        }
    }

    @Test
    void agreesOnRandomHeaders() {
        Random random = new Random(20261126);
        String[] prefixes = {"Bearer ", "bearer ", "BEARER ", "Bearer", "Bear ", "Token ", ""};
        String alphabet = TOKEN_CHARACTERS + "= \t\n\"',;:\u00e9\u212A";
        for (int i = 0; i < 20_000; i++) {
            StringBuilder header = new StringBuilder(prefixes[random.nextInt(prefixes.length)]);
            int length = random.nextInt(24);
            for (int c = 0; c < length; c++) {
                // mostly token characters, so that many headers are well formed
                String from = random.nextInt(10) < 8 ? TOKEN_CHARACTERS : alphabet;
                header.append(from.charAt(random.nextInt(from.length())));
            }
            if (random.nextBoolean()) {
                header.append("=".repeat(random.nextInt(3)));
            }
            assertAgree(request(header.toString(), "PATCH", null));
        }
    }

    @Test
    void aTokenInAQueryParameterIsIgnoredByBoth() {
        assertAgree(request("Bearer abc", "GET", "access_token=xyz"));
        assertAgree(request(null, "GET", "access_token=xyz"));
        assertThat(fast.resolve(request(null, "GET", "access_token=xyz"))).isNull();
    }

    private void assertAgree(MockHttpServletRequest request) {
        String header = request.getHeader("Authorization");
        Object expected = outcome(() -> standard.resolve(request));
        Object actual = outcome(() -> fast.resolve(request));
        assertThat(actual).as("Authorization: %s", header).isEqualTo(expected);
    }

    /** The token, or the refusal's error code and description. */
    private static Object outcome(java.util.function.Supplier<String> resolve) {
        try {
            return "token " + resolve.get();
        } catch (OAuth2AuthenticationException refused) {
            return "refused " + refused.getError().getErrorCode() + " " + refused.getError().getDescription();
        }
    }

    private static MockHttpServletRequest request(String authorization, String method, String query) {
        MockHttpServletRequest request = new MockHttpServletRequest(method, "/api/markets");
        if (authorization != null) {
            request.addHeader("Authorization", authorization);
        }
        if (query != null) {
            request.setQueryString(query);
            request.addParameter("access_token", query.substring(query.indexOf('=') + 1));
        }
        return request;
    }
}
