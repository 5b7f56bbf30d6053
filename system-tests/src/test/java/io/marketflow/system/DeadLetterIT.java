package io.marketflow.system;

import static io.marketflow.system.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.marketflow.system.Api.Reply;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * An event that a projection cannot apply is parked in the dead-letter queue for its market, never logged and
 * skipped, and every other market keeps flowing. Operators see and retry parked events through the admin-only
 * {@code dead-letters} actuator endpoint.
 */
class DeadLetterIT {

    private final MarketflowSystem system = MarketflowSystem.get();
    private final Api api = new Api(system);

    @Test
    void aPoisonEventIsParkedForItsMarketWhileOtherMarketsKeepFlowing() throws SQLException {
        String poisonMarket = UUID.randomUUID().toString();
        PoisonEvents.appendApplicationWithoutNames(system, poisonMarket);

        String organizer = api.organizer(Api.someone("organizer"));
        String vendor = api.vendor(Api.someone("vendor"));
        UUID healthyMarket = api.createMarket(organizer, "Healthy Market");
        api.saveVendorProfile(vendor, "Good Stall");
        api.apply(vendor, healthyMarket);

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(
                api.query("/api/markets/" + healthyMarket + "/applications", organizer).json().get("items"))
                .hasSize(1));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(deadLettersOf(poisonMarket))
                .containsExactlyInAnyOrder("market-applications", "vendor-applications"));
    }

    @Test
    void aRetryOfAnEventThatStillFailsTriesItOnceAndLeavesItParkedWithItsNewCause() throws SQLException {
        String poisonMarket = UUID.randomUUID().toString();
        PoisonEvents.appendApplicationWithoutNames(system, poisonMarket);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(deadLettersOf(poisonMarket))
                .containsExactlyInAnyOrder("market-applications", "vendor-applications"));
        Reply overview = management("GET", "/dead-letters", admin());
        assertThat(overview.status()).as("%s", overview).isEqualTo(200);
        JsonNode before = sequence(group(overview.json(), "market-applications").get("sequences"), poisonMarket);
        assertThat(before.get("letters").asLong()).isEqualTo(1);
        assertThat(before.get("firstPayloadType").asText())
                .isEqualTo("io.marketflow.api.application.ApplicationSubmitted");
        assertThat(before.get("causeMessage").asText()).contains("vendor_name");
        JsonNode otherGroupBefore = sequence(group(overview.json(), "vendor-applications").get("sequences"),
                poisonMarket);

        Reply retry = management("POST", "/dead-letters/market-applications", admin());

        assertThat(retry.status()).as("%s", retry).isEqualTo(200);
        assertThat(retry.json().get("groups")).hasSize(1);
        JsonNode retried = group(retry.json(), "market-applications");
        assertThat(retried.get("retried").asInt()).as("%s", retried).isPositive()
                .isEqualTo(retried.get("sequencesBefore").asInt() - retried.get("heldByAnotherRetry").asInt());
        JsonNode after = sequence(retried.get("stillParked"), poisonMarket);
        assertThat(after.get("letters").asLong()).isEqualTo(1);
        assertThat(after.get("causeType").asText()).isNotBlank();
        assertThat(after.get("causeMessage").asText()).contains("vendor_name");
        assertThat(Instant.parse(after.get("lastTouchedAt").asText()))
                .as("the letter was tried again").isAfter(Instant.parse(before.get("lastTouchedAt").asText()));
        JsonNode otherGroupAfter = sequence(group(management("GET", "/dead-letters", admin()).json(),
                "vendor-applications").get("sequences"), poisonMarket);
        assertThat(otherGroupAfter.get("lastTouchedAt")).as("a group not asked for is left alone")
                .isEqualTo(otherGroupBefore.get("lastTouchedAt"));
    }

    @Test
    void onlyAnAdminMaySeeOrRetryParkedEventsAndOnlyOfGroupsThatExist() {
        String organizer = api.organizer(Api.someone("organizer"));
        String auditor = api.auditor(Api.someone("auditor"), "someone");
        assertThat(management("GET", "/dead-letters", null).status()).isEqualTo(401);
        assertThat(management("POST", "/dead-letters/all", null).status()).isEqualTo(401);
        assertThat(management("GET", "/dead-letters", organizer).status()).isEqualTo(403);
        assertThat(management("POST", "/dead-letters/all", auditor).status()).isEqualTo(403);

        JsonNode problem = assertProblem(management("POST", "/dead-letters/market-secrets", admin()), 400);
        assertThat(problem.get("type").asText()).isEqualTo("urn:marketflow:problem:unknown-processing-group");
        assertThat(problem.get("detail").asText()).contains("market-applications", "'all'");
    }

    private Reply management(String method, String path, String token) {
        return api.send(system.querySideManagement(), method, path, token, null);
    }

    private String admin() {
        return api.token(Api.someone("operator"), List.of("admin"));
    }

    private static JsonNode group(JsonNode answer, String name) {
        for (JsonNode group : answer.get("groups")) {
            if (group.get("group").asText().equals(name)) {
                return group;
            }
        }
        throw new AssertionError("no group " + name + " in " + answer);
    }

    private static JsonNode sequence(JsonNode sequences, String sequenceIdentifier) {
        for (JsonNode sequence : sequences) {
            if (sequence.get("sequenceIdentifier").asText().equals(sequenceIdentifier)) {
                return sequence;
            }
        }
        throw new AssertionError(sequenceIdentifier + " is not listed in " + sequences);
    }

    private List<String> deadLettersOf(String marketId) throws SQLException {
        try (Connection connection = system.connectAs(system.admin().user());
             PreparedStatement select = connection.prepareStatement(
                     "SELECT processing_group FROM dead_letter_entry WHERE sequence_identifier = ?")) {
            select.setString(1, marketId);
            List<String> groups = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    groups.add(rows.getString(1));
                }
            }
            return groups;
        }
    }
}
