package io.marketflow.system;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The event store as ground truth, read as the superuser: no event twice, every aggregate's sequence contiguous from
 * 0, and every acknowledged status change present as its event; and each application's stored status changes.
 */
final class StoreInvariants {

    /** What the store shows; {@link #holds()} when nothing is missing, doubled or out of sequence. */
    record Findings(long events, long duplicates, List<String> brokenSequences, List<String> missing,
                    Map<UUID, List<String>> changes) {
        boolean holds() {
            return duplicates == 0 && brokenSequences.isEmpty() && missing.isEmpty();
        }

        @Override
        public String toString() {
            return "events " + events + ", duplicates " + duplicates + ", aggregates with gaps "
                    + brokenSequences.size() + " " + brokenSequences + ", acknowledged but missing " + missing.size()
                    + " " + (missing.size() > 10 ? missing.subList(0, 10) + "..." : missing);
        }
    }

    private static final String STATUS_CHANGE_PREFIX = "io.marketflow.api.application.Application";

    private StoreInvariants() {
    }

    /**
     * Checks the whole store, and that for each application in {@code acknowledged} the store holds at least one
     * change to each status a 2xx answer reported.
     */
    static Findings check(Connection admin, Map<UUID, List<String>> acknowledged) throws SQLException {
        long events;
        long duplicates;
        List<String> broken = new ArrayList<>();
        try (Statement statement = admin.createStatement()) {
            try (ResultSet counts = statement.executeQuery(
                    "SELECT count(*), count(*) - count(DISTINCT event_identifier) FROM domain_event_entry")) {
                counts.next();
                events = counts.getLong(1);
                duplicates = counts.getLong(2);
            }
            try (ResultSet gaps = statement.executeQuery("""
                    SELECT aggregate_identifier FROM domain_event_entry GROUP BY aggregate_identifier
                    HAVING min(sequence_number) <> 0 OR max(sequence_number) <> count(*) - 1""")) {
                while (gaps.next()) {
                    broken.add(gaps.getString(1));
                }
            }
        }
        Map<UUID, List<String>> stored = new HashMap<>();
        try (Statement statement = admin.createStatement();
             ResultSet rows = statement.executeQuery("""
                     SELECT convert_from(payload, 'UTF8')::jsonb -> 'applicationId' ->> 'value', payload_type
                     FROM domain_event_entry WHERE payload_type IN (
                         'io.marketflow.api.application.ApplicationSubmitted',
                         'io.marketflow.api.application.ApplicationApproved',
                         'io.marketflow.api.application.ApplicationRejected',
                         'io.marketflow.api.application.ApplicationWaitlisted',
                         'io.marketflow.api.application.ApplicationWithdrawn')
                     ORDER BY global_index""")) {
            while (rows.next()) {
                // the event's type names the status it changed to: ApplicationApproved -> APPROVED
                String status = rows.getString(2).substring(STATUS_CHANGE_PREFIX.length()).toUpperCase(Locale.ROOT);
                stored.computeIfAbsent(UUID.fromString(rows.getString(1)), id -> new ArrayList<>()).add(status);
            }
        }
        List<String> missing = new ArrayList<>();
        acknowledged.forEach((application, statuses) -> {
            for (String status : statuses) {
                if (!stored.getOrDefault(application, List.of()).contains(status)) {
                    missing.add(application + " " + status);
                }
            }
        });
        return new Findings(events, duplicates, broken, missing, stored);
    }
}
