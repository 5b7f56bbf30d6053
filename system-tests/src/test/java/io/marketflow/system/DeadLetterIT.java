package io.marketflow.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * An event that a projection cannot apply is parked in the dead-letter queue for its market, never logged and
 * skipped, and every other market keeps flowing.
 */
class DeadLetterIT {

    private final MarketflowSystem system = MarketflowSystem.get();
    private final Api api = new Api(system);

    @Test
    void aPoisonEventIsParkedForItsMarketWhileOtherMarketsKeepFlowing() throws SQLException {
        String poisonMarket = UUID.randomUUID().toString();
        appendApplicationWithoutNames(poisonMarket);

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

    /** An ApplicationSubmitted whose names are null: the read models' NOT NULL columns refuse it. */
    private void appendApplicationWithoutNames(String marketId) throws SQLException {
        String payload = """
                {"marketId":{"value":"%s"},"applicationId":{"value":"%s"},"owner":{"value":"someone"},
                 "marketName":null,"vendor":{"value":"someone-else"},"vendorName":null,"note":"",
                 "submittedAt":"2026-01-01T00:00:00Z"}""".formatted(marketId, UUID.randomUUID());
        try (Connection connection = system.connectAs(system.admin().user());
             PreparedStatement insert = connection.prepareStatement("""
                     INSERT INTO domain_event_entry (aggregate_identifier, sequence_number, type, event_identifier,
                                                     meta_data, payload, payload_type, time_stamp)
                     VALUES (?, 0, 'Market', ?, convert_to('{}', 'UTF8'), convert_to(?, 'UTF8'),
                             'io.marketflow.api.application.ApplicationSubmitted', '2026-01-01T00:00:00Z')""")) {
            insert.setString(1, marketId);
            insert.setString(2, UUID.randomUUID().toString());
            insert.setString(3, payload);
            insert.executeUpdate();
        }
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
