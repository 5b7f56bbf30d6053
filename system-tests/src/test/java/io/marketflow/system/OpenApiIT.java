package io.marketflow.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.marketflow.system.Api.Reply;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each side publishes its OpenAPI description: every route of the contract, the bearer scheme, no hidden inputs. */
class OpenApiIT {

    private final MarketflowSystem system = MarketflowSystem.get();
    private final Api api = new Api(system);

    @Test
    void theCommandSideDescribesItsRoutesWithTheBearerScheme() {
        JsonNode description = describe(system.commandSide());

        assertThat(fieldNames(description.get("paths"))).containsExactlyInAnyOrder(
                "/api/markets", "/api/markets/{marketId}/close", "/api/markets/{marketId}/reopen",
                "/api/vendors/me", "/api/markets/{marketId}/applications",
                "/api/markets/{marketId}/applications/{applicationId}",
                "/api/markets/{marketId}/applications/{applicationId}/withdraw");
        assertBearerAndNoCallerParameters(description);
        description.get("paths").forEach(path -> path.forEach(operation -> {
            List<String> headers = new ArrayList<>();
            operation.path("parameters").forEach(parameter -> {
                if (parameter.path("in").asText().equals("header")) {
                    headers.add(parameter.path("name").asText());
                }
            });
            assertThat(headers).as("header parameters of %s", operation.path("operationId")).contains("Idempotency-Key");
        }));
    }

    @Test
    void theQuerySideDescribesItsRoutesWithTheBearerScheme() {
        JsonNode description = describe(system.querySide());

        assertThat(fieldNames(description.get("paths"))).contains(
                "/api/markets", "/api/markets/{marketId}", "/api/markets/{marketId}/applications",
                "/api/vendor/applications", "/api/vendor/export", "/api/directory/markets");
        assertBearerAndNoCallerParameters(description);
    }

    private JsonNode describe(String side) {
        Reply reply = api.send(side, "GET", "/v3/api-docs", null, null);
        assertThat(reply.status()).as("%s", reply).isEqualTo(200);
        return reply.json();
    }

    /** The caller comes from the token: no route may list it as a parameter a client could fill. */
    private static void assertBearerAndNoCallerParameters(JsonNode description) {
        assertThat(description.at("/components/securitySchemes/bearer-jwt/scheme").asText()).isEqualTo("bearer");
        assertThat(description.toString()).doesNotContain("\"name\":\"organizer\"", "\"name\":\"vendor\"",
                "\"name\":\"tenant\"");
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
