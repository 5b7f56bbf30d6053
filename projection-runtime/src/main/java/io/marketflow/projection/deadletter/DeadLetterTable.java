package io.marketflow.projection.deadletter;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Reads Axon's dead-letter table ({@code dead_letter_entry}) as the projector, which owns its rows. Axon's own queue
 * answers sizes but not what an operator needs to decide: which event blocks a sequence, and why.
 */
class DeadLetterTable {

    /** How many sequences an answer lists per group; the counts always cover all of them. */
    static final int LISTED = 100;

    /** A group's totals. */
    record Totals(long sequences, long letters, Instant oldestEnqueuedAt) {
        static final Totals NONE = new Totals(0, 0, null);
    }

    // a sequence is listed by its first letter, the one that blocks it; Axon claims the least recently touched first
    private static final String FIRST_LETTERS = """
            SELECT sequence_identifier, letters, payload_type, cause_type, cause_message, enqueued_at, last_touched
            FROM (SELECT sequence_identifier, payload_type, cause_type, cause_message, enqueued_at, last_touched,
                         row_number() OVER (PARTITION BY sequence_identifier ORDER BY sequence_index) AS place,
                         count(*) OVER (PARTITION BY sequence_identifier) AS letters
                  FROM dead_letter_entry
                  WHERE processing_group = :group) letter
            WHERE place = 1
            ORDER BY last_touched, sequence_identifier
            LIMIT :limit""";

    private final JdbcClient jdbc;

    DeadLetterTable(JdbcClient projectorJdbc) {
        this.jdbc = projectorJdbc;
    }

    /** Every group that has parked letters, with its totals. */
    Map<String, Totals> totalsByGroup() {
        return jdbc.sql("""
                        SELECT processing_group, count(DISTINCT sequence_identifier), count(*), min(enqueued_at)
                        FROM dead_letter_entry
                        GROUP BY processing_group""")
                .query((row, number) -> Map.entry(row.getString(1),
                        new Totals(row.getLong(2), row.getLong(3), instant(row.getString(4)))))
                .list().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    Totals totals(String group) {
        return totalsByGroup().getOrDefault(group, Totals.NONE);
    }

    /** The group's first {@link #LISTED} sequences, in the order a retry takes them. */
    List<ParkedSequence> sequences(String group) {
        return jdbc.sql(FIRST_LETTERS)
                .param("group", group)
                .param("limit", LISTED)
                .query((row, number) -> sequence(row))
                .list();
    }

    /** Every parked sequence's identifier, in the order a retry takes them. */
    List<String> sequenceIdentifiersInRetryOrder(String group) {
        return jdbc.sql(FIRST_LETTERS)
                .param("group", group)
                .param("limit", Integer.MAX_VALUE)
                .query((row, number) -> row.getString("sequence_identifier"))
                .list();
    }

    boolean isParked(String group, String sequenceIdentifier) {
        return jdbc.sql("""
                        SELECT EXISTS (SELECT 1 FROM dead_letter_entry
                                       WHERE processing_group = :group AND sequence_identifier = :sequence)""")
                .param("group", group)
                .param("sequence", sequenceIdentifier)
                .query(Boolean.class)
                .single();
    }

    private static ParkedSequence sequence(ResultSet row) throws SQLException {
        return new ParkedSequence(row.getString("sequence_identifier"), row.getLong("letters"),
                row.getString("payload_type"), row.getString("cause_type"), row.getString("cause_message"),
                instant(row.getString("enqueued_at")), instant(row.getString("last_touched")));
    }

    // Axon stores its instants as ISO-8601 text with a fixed number of digits, so text order is time order
    private static Instant instant(String stored) {
        return stored == null ? null : Instant.parse(stored);
    }
}
