package io.marketflow.system;

import static io.marketflow.system.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.marketflow.system.Api.Reply;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** An auditor sees a market's applications exactly as they stood at any past instant, rebuilt from its events. */
class ApplicationsAsOfIT {

    private final MarketflowSystem system = MarketflowSystem.get();
    private final Api api = new Api(system);

    @Test
    void eachInstantShowsTheApplicationsAsTheyStoodThen() {
        String organizer = api.organizer(Api.someone("organizer"));
        String vendor = api.vendor(Api.someone("vendor"));
        Instant beforeTheMarket = Instant.now();
        UUID market = api.createMarket(organizer, "Time Market");
        api.saveVendorProfile(vendor, "Clock Stall");
        Instant beforeApplying = Instant.now();
        UUID application = api.apply(vendor, market);
        Instant beforeDeciding = Instant.now();
        assertThat(api.decide(organizer, market, application, "WAITLISTED").status()).isEqualTo(200);
        Instant afterDeciding = Instant.now();

        assertProblem(asOf(organizer, market, beforeTheMarket), 404);
        assertThat(asOf(organizer, market, beforeApplying).json().get("items")).isEmpty();
        JsonNode submitted = asOf(organizer, market, beforeDeciding).json().get("items").get(0);
        assertThat(submitted.get("id").asText()).isEqualTo(application.toString());
        assertThat(submitted.get("status").asText()).isEqualTo("SUBMITTED");
        JsonNode now = asOf(organizer, market, afterDeciding).json();
        assertThat(now.get("items").get(0).get("status").asText()).isEqualTo("WAITLISTED");
        assertThat(now.get("events").asLong()).isEqualTo(3);
    }

    @Test
    void aTimeInTheFutureIs400AndAMissingOneToo() {
        String organizer = api.organizer(Api.someone("organizer"));
        UUID market = api.createMarket(organizer, "Future Market");

        assertProblem(asOf(organizer, market, Instant.now().plus(1, ChronoUnit.HOURS)), 400);
        assertProblem(api.query("/api/audit/markets/" + market + "/applications", organizer), 400);
        assertProblem(api.query("/api/audit/markets/" + market + "/applications?asOf=yesterday", organizer), 400);
    }

    private Reply asOf(String token, UUID market, Instant instant) {
        return api.query("/api/audit/markets/" + market + "/applications?asOf="
                + URLEncoder.encode(instant.toString(), StandardCharsets.UTF_8), token);
    }
}
