package io.marketflow.query.market;

import static io.marketflow.query.jdbc.JdbcValues.params;

import io.marketflow.api.application.ApplicationStatus;
import io.marketflow.api.application.ApplicationStatusChanged;
import io.marketflow.api.application.ApplicationSubmitted;
import io.marketflow.api.market.MarketClosed;
import io.marketflow.api.market.MarketCreated;
import io.marketflow.api.market.MarketId;
import io.marketflow.api.market.MarketReopened;
import io.marketflow.projection.ProjectionTables;
import io.marketflow.projection.ProjectionWrites;
import io.marketflow.query.jdbc.JdbcValues;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.springframework.stereotype.Component;

/**
 * Keeps {@code market_counts}: one row per market with how many applications are in each status. A row changes only
 * by events newer than its {@code last_sequence}, so a replayed event counts once. A batch's changes of a market are
 * gathered into the one statement {@link #CHANGE}, which adds up the counters' deltas and takes the last open flag of
 * the events newer than the row, exactly as applying them one by one would: a market's row is updated once per batch
 * rather than once per event (each update of a row leaves a version that the next update of that row in the same
 * transaction steps over).
 */
@Component
@ProcessingGroup(MarketCountsProjection.GROUP)
@ProjectionTables(MarketCountsProjection.TABLE)
class MarketCountsProjection {

    static final String GROUP = "market-counts";
    static final String TABLE = "market_counts";

    private static final String CHANGE = """
            UPDATE market_counts c
            SET (submitted, approved, rejected, waitlisted, withdrawn, open, last_sequence) = (
                SELECT c.submitted + sum(e.submitted), c.approved + sum(e.approved), c.rejected + sum(e.rejected),
                       c.waitlisted + sum(e.waitlisted), c.withdrawn + sum(e.withdrawn),
                       coalesce((array_agg(e.open ORDER BY e.sequence DESC) FILTER (WHERE e.open IS NOT NULL))[1],
                                c.open),
                       max(e.sequence)
                FROM unnest(CAST(:sequences AS bigint[]), CAST(:submitted AS int[]), CAST(:approved AS int[]),
                            CAST(:rejected AS int[]), CAST(:waitlisted AS int[]), CAST(:withdrawn AS int[]),
                            CAST(:open AS boolean[]))
                     AS e(sequence, submitted, approved, rejected, waitlisted, withdrawn, open)
                WHERE e.sequence > c.last_sequence)
            WHERE c.market_id = :marketId AND c.last_sequence < :lastSequence""";

    private final ProjectionWrites writes;

    MarketCountsProjection(ProjectionWrites writes) {
        this.writes = writes;
    }

    @EventHandler
    void on(MarketCreated event, @SequenceNumber long sequence) {
        writes.write(TABLE, """
                INSERT INTO market_counts (market_id, tenant_id, name, location, open, created_at, last_sequence)
                VALUES (:marketId, :tenant, :name, :location, true, :createdAt, :sequence)
                ON CONFLICT (market_id) DO NOTHING""", params("marketId", event.marketId().value(),
                "tenant", event.owner().value(), "name", event.name(), "location", event.location(),
                "createdAt", JdbcValues.timestamp(event.createdAt()), "sequence", sequence));
    }

    @EventHandler
    void on(MarketClosed event, @SequenceNumber long sequence) {
        change(event.marketId(), Map.of(), false, sequence);
    }

    @EventHandler
    void on(MarketReopened event, @SequenceNumber long sequence) {
        change(event.marketId(), Map.of(), true, sequence);
    }

    @EventHandler
    void on(ApplicationSubmitted event, @SequenceNumber long sequence) {
        change(event.marketId(), Map.of(ApplicationStatus.SUBMITTED, 1), null, sequence);
    }

    @EventHandler
    void on(ApplicationStatusChanged event, @SequenceNumber long sequence) {
        Map<ApplicationStatus, Integer> moved = new EnumMap<>(ApplicationStatus.class);
        moved.merge(event.previousStatus(), -1, Integer::sum);
        moved.merge(event.newStatus(), 1, Integer::sum);
        change(event.marketId(), moved, null, sequence);
    }

    private void change(MarketId market, Map<ApplicationStatus, Integer> deltas, Boolean open, long sequence) {
        writes.gather(TABLE, CHANGE, market, () -> new Changes(market),
                changes -> changes.add(sequence, deltas, open));
    }

    /** A market's changes in one batch, in the order of their events: each one's sequence, deltas and open flag. */
    private static final class Changes implements ProjectionWrites.Gathering {

        private final MarketId market;
        private final List<Long> sequences = new ArrayList<>();
        private final Map<ApplicationStatus, List<Integer>> deltas = new EnumMap<>(ApplicationStatus.class);
        private final List<Boolean> open = new ArrayList<>();

        Changes(MarketId market) {
            this.market = market;
            for (ApplicationStatus status : ApplicationStatus.values()) {
                deltas.put(status, new ArrayList<>());
            }
        }

        void add(long sequence, Map<ApplicationStatus, Integer> moved, Boolean opened) {
            sequences.add(sequence);
            deltas.forEach((status, column) -> column.add(moved.getOrDefault(status, 0)));
            open.add(opened);
        }

        @Override
        public Map<String, ?> params() {
            Map<String, Object> params = JdbcValues.params("marketId", market.value(),
                    "sequences", sequences.toArray(Long[]::new), "open", open.toArray(Boolean[]::new),
                    "lastSequence", sequences.stream().mapToLong(Long::longValue).max().orElseThrow());
            deltas.forEach((status, column) -> params.put(column(status), column.toArray(Integer[]::new)));
            return params;
        }
    }

    /** The counter column of a status; from the enum only, never from input. */
    static String column(ApplicationStatus status) {
        return switch (status) {
            case SUBMITTED -> "submitted";
            case APPROVED -> "approved";
            case REJECTED -> "rejected";
            case WAITLISTED -> "waitlisted";
            case WITHDRAWN -> "withdrawn";
        };
    }
}
