package io.marketflow.system;

import static io.marketflow.system.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.marketflow.system.Api.Reply;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A command answers with the position of its events and with the request's correlation id; a query that names that
 * position sees the command's effect at once; every event records who caused it and why.
 */
class ReadYourWritesIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final MarketflowSystem system = MarketflowSystem.get();
    private final Api api = new Api(system);
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aQueryWithTheCommandsPositionSeesItsEffectWithoutPolling() throws Exception {
        String organizerId = Api.someone("organizer");
        String organizer = api.organizer(organizerId);
        String vendor = api.vendor(Api.someone("vendor"));
        api.saveVendorProfile(vendor, "Quick Stall");

        for (int round = 0; round < 10; round++) {
            HttpResponse<String> created = post("/api/markets", organizer, "{\"name\": \"Market " + round + "\"}");
            assertThat(created.statusCode()).isEqualTo(201);
            String marketId = JSON.readTree(created.body()).get("id").asText();
            long marketPosition = position(created);

            Reply market = query("/api/markets/" + marketId, organizer, marketPosition);
            assertThat(market.status()).as("%s", market).isEqualTo(200);

            HttpResponse<String> applied = post("/api/markets/" + marketId + "/applications", vendor, "{}");
            String applicationId = JSON.readTree(applied.body()).get("id").asText();
            Reply applications = query("/api/markets/" + marketId + "/applications", organizer, position(applied));
            assertThat(applications.body()).contains(applicationId);
            Reply own = query("/api/vendor/applications", vendor, position(applied));
            assertThat(own.body()).contains(applicationId);
        }
    }

    /** A rolled-back insert leaves its global index unused for good: later positions must not wait for it. */
    @Test
    void aHoleInTheGlobalIndexDoesNotStallTheWait() throws Exception {
        try (Connection connection = system.connectAs(system.admin().user());
             Statement statement = connection.createStatement()) {
            statement.execute("SELECT nextval('domain_event_entry_global_index_seq')");
        }
        String organizer = api.organizer(Api.someone("organizer"));

        HttpResponse<String> created = post("/api/markets", organizer, "{\"name\": \"After the hole\"}");
        Reply markets = query("/api/markets", organizer, position(created));

        assertThat(markets.status()).as("%s", markets).isEqualTo(200);
        assertThat(markets.body()).contains("After the hole");
    }

    @Test
    void aPositionTheReadModelNeverReachesIs503WithRetryAfter() throws Exception {
        String organizer = api.organizer(Api.someone("organizer"));

        Reply reply = query("/api/markets", organizer, Long.MAX_VALUE / 2);

        assertProblem(reply, 503);
        assertThat(reply.header("Retry-After")).isEqualTo("1");
    }

    @Test
    void aPositionThatIsNoNumberIs400() throws Exception {
        Reply reply = query("/api/markets", api.organizer(Api.someone("organizer")), "soon");

        assertProblem(reply, 400);
    }

    @Test
    void everyEventRecordsItsActorRoleCorrelationAndCause() throws Exception {
        String organizerId = Api.someone("organizer");
        String correlationId = "checkout-" + UUID.randomUUID();

        HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(system.commandSide() + "/api/markets"))
                .header("Authorization", "Bearer " + api.organizer(organizerId))
                .header("Content-Type", "application/json")
                .header("X-Correlation-Id", correlationId)
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"Audited\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());

        assertThat(created.headers().firstValue("X-Correlation-Id")).hasValue(correlationId);
        String marketId = JSON.readTree(created.body()).get("id").asText();
        List<JsonNode> metadata = metadataOfEvents(marketId);
        assertThat(metadata).singleElement().satisfies(event -> {
            assertThat(event.get("actor").asText()).isEqualTo(organizerId);
            assertThat(event.get("actorRole").asText()).isEqualTo("organizer");
            assertThat(event.get("correlationId").asText()).isEqualTo(correlationId);
            assertThat(event.get("causationId").asText()).isNotBlank();
        });
    }

    @Test
    void aCorrelationIdThatIsNotAPlainTokenIsRefusedAndChangesNothing() throws Exception {
        long events = system.eventCount();

        HttpResponse<String> refused = http.send(HttpRequest.newBuilder(URI.create(system.commandSide() + "/api/markets"))
                .header("Authorization", "Bearer " + api.organizer(Api.someone("organizer")))
                .header("Content-Type", "application/json")
                .header("X-Correlation-Id", "two words; and more")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"Never\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(system.eventCount()).isEqualTo(events);
    }

    private HttpResponse<String> post(String path, String token, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(system.commandSide() + path))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private static long position(HttpResponse<String> commandAnswer) {
        return Long.parseLong(commandAnswer.headers().firstValue("X-Event-Position")
                .orElseThrow(() -> new AssertionError("no X-Event-Position on " + commandAnswer)));
    }

    private Reply query(String path, String token, Object minPosition) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(system.querySide() + path))
                .header("Authorization", "Bearer " + token)
                .header("X-Min-Position", String.valueOf(minPosition))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(response.statusCode(), response);
    }

    private List<JsonNode> metadataOfEvents(String aggregateId) throws Exception {
        try (Connection connection = system.connectAs(system.admin().user());
             PreparedStatement select = connection.prepareStatement("""
                     SELECT convert_from(meta_data, 'UTF8') FROM domain_event_entry
                     WHERE aggregate_identifier = ? ORDER BY sequence_number""")) {
            select.setString(1, aggregateId);
            List<JsonNode> metadata = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    metadata.add(JSON.readTree(rows.getString(1)));
                }
            }
            return metadata;
        }
    }
}
