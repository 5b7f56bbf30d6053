package io.marketflow.system;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.UUID;

/** Events written straight into the store, as the superuser, that the read models cannot apply. */
final class PoisonEvents {

    private PoisonEvents() {
    }

    /**
     * An ApplicationSubmitted without names, the market's missing and the vendor's empty: the read models refuse it
     * (a vendor's name is null once erased, never empty).
     */
    static void appendApplicationWithoutNames(MarketflowSystem system, String marketId) throws SQLException {
        String payload = """
                {"marketId":{"value":"%s"},"applicationId":{"value":"%s"},"owner":{"value":"someone"},
                 "marketName":null,"vendor":{"value":"someone-else"},"vendorName":"","note":"",
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
}
