package io.marketflow.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Auditors read who did what, when and in which request, oldest first, for the organizer they audit only. */
class MarketHistoryIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final MarketflowSystem system = MarketflowSystem.get();
    private final Api api = new Api(system);

    @Test
    void theOwnerAndTheirAuditorReadTheMarketsHistoryWithActorsAndCorrelationIds() throws Exception {
        String organizerId = Api.someone("organizer");
        String vendorId = Api.someone("vendor");
        String organizer = api.organizer(organizerId);
        String vendor = api.vendor(vendorId);
        UUID market = api.createMarket(organizer, "History Market");
        api.saveVendorProfile(vendor, "Old Stall");
        UUID application = api.apply(vendor, market);
        HttpResponse<String> approved = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(system.commandSide() + "/api/markets/" + market + "/applications/" + application))
                .header("Authorization", "Bearer " + organizer)
                .header("Content-Type", "application/json")
                .header("X-Correlation-Id", "review-42")
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"status\": \"APPROVED\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        String position = approved.headers().firstValue("X-Event-Position").orElseThrow();

        List<JsonNode> history = readAll(market, organizer, position);
        String auditor = system.issuer().mint(Api.someone("auditor"), List.of("auditor"), organizerId,
                Duration.ofHours(1));

        assertThat(history).extracting(event -> event.get("type").asText())
                .containsExactly("MarketCreated", "ApplicationSubmitted", "ApplicationApproved");
        assertThat(history).extracting(event -> event.get("sequence").asLong()).containsExactly(0L, 1L, 2L);
        assertThat(history).extracting(event -> event.get("actor").asText())
                .containsExactly(organizerId, vendorId, organizerId);
        assertThat(history).extracting(event -> event.get("actorRole").asText())
                .containsExactly("organizer", "vendor", "organizer");
        assertThat(history.get(2).get("correlationId").asText()).isEqualTo("review-42");
        assertThat(history.get(2).at("/payload/previousStatus").asText()).isEqualTo("SUBMITTED");
        assertThat(readAll(market, auditor, position)).isEqualTo(history);
    }

    @Test
    void anAuditorOfAnotherOrganizerGetsTheSame404AsForAMissingMarket() {
        String organizer = api.organizer(Api.someone("organizer"));
        UUID market = api.createMarket(organizer, "Private Market");
        String strangerAuditor = system.issuer().mint(Api.someone("auditor"), List.of("auditor"),
                Api.someone("organizer"), Duration.ofHours(1));

        Api.Reply foreign = api.query("/api/audit/markets/" + market + "/events", strangerAuditor);
        Api.Reply missing = api.query("/api/audit/markets/" + UUID.randomUUID() + "/events", strangerAuditor);

        assertThat(foreign.status()).isEqualTo(404);
        assertThat(foreign.body()).isEqualTo(missing.body());
    }

    /** Every page with {@code limit=1}, following {@code nextCursor}, after waiting for {@code position}. */
    private List<JsonNode> readAll(UUID market, String token, String position) throws Exception {
        List<JsonNode> events = new ArrayList<>();
        String cursor = null;
        do {
            String path = "/api/audit/markets/" + market + "/events?limit=1" + (cursor == null ? "" : "&cursor=" + cursor);
            HttpRequest request = HttpRequest.newBuilder(URI.create(system.querySide() + path))
                    .header("Authorization", "Bearer " + token)
                    .header("X-Min-Position", position)
                    .GET().build();
            // as a client should: a 503 says the read model is still catching up, so retry after Retry-After
            HttpResponse<String> page = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString()),
                            answer -> answer.statusCode() != 503);
            assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
            JsonNode body = JSON.readTree(page.body());
            body.get("items").forEach(events::add);
            cursor = body.get("nextCursor").isNull() ? null : body.get("nextCursor").asText();
        } while (cursor != null);
        return events;
    }
}
