package io.marketflow.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The ceiling a command's write is measured against: plain JDBC appending event-sized rows (about 500 bytes of
 * payload) one per transaction into a table shaped and indexed like the event table, from as many connections as the
 * benchmark has clients. No framework, no trigger, no security: what PostgreSQL on this machine can append.
 */
final class JdbcCeiling {

    private static final String PAYLOAD = "{\"marketId\":{\"value\":\"%s\"},\"applicationId\":{\"value\":\"%s\"},"
            + "\"owner\":{\"value\":\"organizer-1\"},\"vendor\":{\"value\":\"vendor-1\"},\"previousStatus\":\"SUBMITTED\","
            + "\"reason\":\"%s\",\"changedAt\":\"2026-11-26T10:00:00Z\"}";
    private static final String METADATA = "{\"actor\":\"organizer-1\",\"actorRole\":\"organizer\","
            + "\"correlationId\":\"%s\",\"causationId\":\"%s\"}";

    private JdbcCeiling() {
    }

    static LoadDriver.Result measure(BenchSystem system, LoadDriver driver, int clients) throws Exception {
        String admin = system.admin().user();
        try (Connection connection = system.connectAs(admin); Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS bench_ceiling");
            statement.execute("CREATE TABLE bench_ceiling (LIKE domain_event_entry INCLUDING ALL)");
        }
        List<Connection> connections = new ArrayList<>();
        List<PreparedStatement> inserts = new ArrayList<>();
        List<String> aggregates = new ArrayList<>();
        long[] sequences = new long[clients];
        try {
            for (int c = 0; c < clients; c++) {
                Connection connection = system.connectAs(admin);
                connections.add(connection);
                inserts.add(connection.prepareStatement("""
                        INSERT INTO bench_ceiling (aggregate_identifier, sequence_number, type, event_identifier,
                                                   meta_data, payload, payload_type, time_stamp)
                        VALUES (?, ?, 'Market', ?, ?, ?, 'io.marketflow.api.application.ApplicationApproved', ?)"""));
                aggregates.add(UUID.randomUUID().toString());
            }
            String reason = "x".repeat(150);
            return driver.closedLoop(client -> {
                PreparedStatement insert = inserts.get(client);
                String eventId = UUID.randomUUID().toString();
                insert.setString(1, aggregates.get(client));
                insert.setLong(2, sequences[client]++);
                insert.setString(3, eventId);
                insert.setBytes(4, METADATA.formatted(eventId, eventId).getBytes());
                insert.setBytes(5, PAYLOAD.formatted(aggregates.get(client), eventId, reason).getBytes());
                insert.setString(6, java.time.Instant.now().toString());
                return insert.executeUpdate() == 1;
            });
        } finally {
            for (Connection connection : connections) {
                try {
                    connection.close();
                } catch (SQLException ignored) {
                    // closing after the measurement
                }
            }
        }
    }
}
