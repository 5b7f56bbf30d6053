package io.marketflow.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.marketflow.system.Api.Reply;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A user's whole journey: from a token to an approved application, visible on both read models. */
class FullFlowIT {

    private final MarketflowSystem system = MarketflowSystem.get();
    private final Api api = new Api(system);

    @Test
    void anApprovedApplicationReachesTheOrganizersAndTheVendorsReadModels() {
        String organizerId = Api.someone("organizer");
        String vendorId = Api.someone("vendor");
        String organizer = api.organizer(organizerId);
        String vendor = api.vendor(vendorId);

        UUID marketId = api.createMarket(organizer, "Saturday Farmers Market");
        api.saveVendorProfile(vendor, "Crusty Loaves");
        UUID applicationId = api.apply(vendor, marketId);
        Reply decision = api.decide(organizer, marketId, applicationId, "APPROVED");
        assertThat(decision.status()).isEqualTo(200);
        assertThat(decision.json().get("status").asText()).isEqualTo("APPROVED");

        JsonNode application = await().atMost(Duration.ofSeconds(20)).until(
                () -> firstItem(api.query("/api/markets/" + marketId + "/applications", organizer)),
                item -> item != null && "APPROVED".equals(item.get("status").asText()));
        assertThat(application.get("id").asText()).isEqualTo(applicationId.toString());
        assertThat(application.get("marketId").asText()).isEqualTo(marketId.toString());
        assertThat(application.get("vendorId").asText()).isEqualTo(vendorId);
        assertThat(application.get("vendorName").asText()).isEqualTo("Crusty Loaves");
        assertThat(application.get("note").asText()).isEqualTo("fresh bread every week");

        JsonNode own = await().atMost(Duration.ofSeconds(20)).until(
                () -> firstItem(api.query("/api/vendor/applications", vendor)),
                item -> item != null && "APPROVED".equals(item.get("status").asText()));
        assertThat(own.get("id").asText()).isEqualTo(applicationId.toString());
        assertThat(own.get("marketName").asText()).isEqualTo("Saturday Farmers Market");

        JsonNode market = await().atMost(Duration.ofSeconds(20)).until(
                () -> api.query("/api/markets/" + marketId, organizer).json(),
                details -> details.path("counts").path("APPROVED").asLong() == 1);
        assertThat(market.get("counts").get("SUBMITTED").asLong()).isZero();
        assertThat(market.get("open").asBoolean()).isTrue();
    }

    private static JsonNode firstItem(Reply reply) {
        if (reply.status() != 200) {
            return null;
        }
        JsonNode items = reply.json().get("items");
        return items.isEmpty() ? null : items.get(0);
    }
}
