package io.marketflow.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketflow.system.Api.Reply;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * {@code Idempotency-Key}: a request sent again under its key by the same caller gets the first answer and changes
 * nothing; another request under a used key is refused; a refused request is not remembered. Counted in the store.
 */
class IdempotencyIT {

    private static final String KEY_HEADER = "Idempotency-Key";
    private static final String REPLAYED = "Idempotent-Replayed";

    private final MarketflowSystem system = MarketflowSystem.get();
    private final Api api = new Api(system);

    @Test
    void oneCreationSentAHundredTimesAtOnceCreatesOneMarketAndIsAnsweredAlikeEveryTime() throws Exception {
        String subject = Api.someone("organizer");
        String organizer = api.organizer(subject);
        String key = UUID.randomUUID().toString();
        String body = "{\"name\": \"Once Market\", \"location\": \"Quay\"}";

        List<Reply> replies = AtOnce.send(100, sender -> keyed("POST", "/api/markets", organizer, body, key));

        assertThat(replies).extracting(Reply::status).containsOnly(201);
        assertThat(replies).extracting(Reply::body).containsOnly(replies.get(0).body());
        assertThat(replies).extracting(reply -> reply.header("Location")).containsOnly(replies.get(0).header("Location"));
        assertThat(replies).extracting(reply -> reply.header("Content-Type")).containsOnly("application/json");
        assertThat(replies).filteredOn(reply -> reply.header(REPLAYED) == null).hasSize(1);
        assertThat(replies).filteredOn(reply -> "true".equals(reply.header(REPLAYED))).hasSize(99);
        assertThat(replies).allSatisfy(reply -> assertThat(reply.header("X-Event-Position")).isNotNull());
        assertThat(marketsCreatedBy(subject)).isEqualTo(1);
    }

    @Test
    void aDecisionSentAgainUnderItsKeyGetsItsAnswerInsteadOfAConflict() throws Exception {
        String organizer = api.organizer(Api.someone("organizer"));
        String vendor = api.vendor(Api.someone("vendor"));
        UUID market = api.createMarket(organizer, "Decision Market");
        api.saveVendorProfile(vendor, "Twice Stall");
        UUID application = api.apply(vendor, market);
        String path = "/api/markets/" + market + "/applications/" + application;
        String approve = "{\"status\": \"APPROVED\", \"reason\": \"welcome\"}";
        String key = UUID.randomUUID().toString();

        Reply first = keyed("PATCH", path, organizer, approve, key);
        Reply again = keyed("PATCH", path, organizer, approve, key);
        Reply unkeyed = api.command("PATCH", path, organizer, approve);

        assertThat(first.status()).as("%s", first).isEqualTo(200);
        assertThat(again.status()).as("%s", again).isEqualTo(200);
        assertThat(again.body()).isEqualTo(first.body());
        assertThat(again.header(REPLAYED)).isEqualTo("true");
        assertThat(again.header("X-Event-Position")).isEqualTo(first.header("X-Event-Position"));
        assertThat(unkeyed.status()).as("the same change without its key: %s", unkeyed).isEqualTo(409);
        assertThat(eventsOf(market)).isEqualTo(3);
    }

    @Test
    void anotherRequestUnderAUsedKeyIsRefusedAndChangesNothing() throws Exception {
        String subject = Api.someone("organizer");
        String organizer = api.organizer(subject);
        String key = UUID.randomUUID().toString();
        Reply first = keyed("POST", "/api/markets", organizer, "{\"name\": \"First\"}", key);

        Reply otherBody = keyed("POST", "/api/markets", organizer, "{\"name\": \"Second\"}", key);
        Reply otherPath = keyed("POST", "/api/markets/" + first.id() + "/close", organizer, null, key);

        assertThat(first.status()).isEqualTo(201);
        for (Reply refused : List.of(otherBody, otherPath)) {
            assertThat(ProblemAssertions.assertProblem(refused, 422).path("type").asText()).endsWith("idempotency-key-reused");
        }
        assertThat(marketsCreatedBy(subject)).isEqualTo(1);
        assertThat(eventsOf(first.id())).isEqualTo(1);
    }

    @Test
    void keysBelongToTheirCaller() throws Exception {
        String alice = Api.someone("organizer");
        String bob = Api.someone("organizer");
        String key = UUID.randomUUID().toString();
        String body = "{\"name\": \"Shared Key Market\"}";

        Reply ofAlice = keyed("POST", "/api/markets", api.organizer(alice), body, key);
        Reply ofBob = keyed("POST", "/api/markets", api.organizer(bob), body, key);

        assertThat(ofAlice.status()).isEqualTo(201);
        assertThat(ofBob.status()).isEqualTo(201);
        assertThat(ofBob.header(REPLAYED)).isNull();
        assertThat(ofBob.id()).isNotEqualTo(ofAlice.id());
        assertThat(marketsCreatedBy(alice)).isEqualTo(1);
        assertThat(marketsCreatedBy(bob)).isEqualTo(1);
    }

    @Test
    void aRefusedRequestIsNotRememberedAndMayBeSentAgainUnderItsKey() throws Exception {
        String organizer = api.organizer(Api.someone("organizer"));
        String vendor = api.vendor(Api.someone("vendor"));
        UUID market = api.createMarket(organizer, "Closed For Now");
        api.saveVendorProfile(vendor, "Patient Stall");
        api.closeMarket(organizer, market);
        String path = "/api/markets/" + market + "/applications";
        String key = UUID.randomUUID().toString();

        Reply whileClosed = keyed("POST", path, vendor, "{\"note\": \"hello\"}", key);
        api.command("POST", "/api/markets/" + market + "/reopen", organizer, null);
        Reply onceOpen = keyed("POST", path, vendor, "{\"note\": \"hello\"}", key);

        assertThat(ProblemAssertions.assertProblem(whileClosed, 409).path("type").asText()).endsWith("state-conflict");
        assertThat(onceOpen.status()).as("%s", onceOpen).isEqualTo(201);
        assertThat(onceOpen.header(REPLAYED)).isNull();
    }

    @Test
    void anInvalidKeyIsRefusedBeforeAnythingIsDone() throws Exception {
        String subject = Api.someone("organizer");
        String organizer = api.organizer(subject);
        String body = "{\"name\": \"Never\"}";

        List<Reply> refused = List.of(
                keyed("POST", "/api/markets", organizer, body, ""),
                keyed("POST", "/api/markets", organizer, body, "k".repeat(256)),
                keyed("POST", "/api/markets", organizer, body, " "),
                twoKeys("/api/markets", organizer, body));

        for (Reply reply : refused) {
            assertThat(ProblemAssertions.assertProblem(reply, 400).path("type").asText()).endsWith("invalid-idempotency-key");
        }
        assertThat(keyed("POST", "/api/markets", organizer, body, "k".repeat(255)).status()).isEqualTo(201);
        assertThat(marketsCreatedBy(subject)).isEqualTo(1);
    }

    private Reply keyed(String method, String path, String token, String body, String key) {
        return api.send(system.commandSide(), method, path, token, body, Map.of(KEY_HEADER, key));
    }

    private Reply twoKeys(String path, String token, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(system.commandSide() + path))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .header(KEY_HEADER, "first")
                .header(KEY_HEADER, "second")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        return new Reply(response.statusCode(), response);
    }

    private long marketsCreatedBy(String subject) throws SQLException {
        return count("""
                SELECT count(*) FROM domain_event_entry
                WHERE payload_type = 'io.marketflow.api.market.MarketCreated'
                  AND position(? IN convert_from(payload, 'UTF8')) > 0""", '"' + subject + '"');
    }

    private long eventsOf(UUID aggregate) throws SQLException {
        return count("SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = ?", aggregate.toString());
    }

    private long count(String sql, String parameter) throws SQLException {
        try (Connection connection = system.connectAs(system.admin().user());
             PreparedStatement select = connection.prepareStatement(sql)) {
            select.setString(1, parameter);
            try (ResultSet result = select.executeQuery()) {
                result.next();
                return result.getLong(1);
            }
        }
    }
}
