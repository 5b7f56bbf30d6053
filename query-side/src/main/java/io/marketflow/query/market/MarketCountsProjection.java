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
import java.util.EnumMap;
import java.util.Map;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.springframework.stereotype.Component;

/**
 * Keeps {@code market_counts}: one row per market with how many applications are in each status. A row changes only
 * when the event is newer than the row's {@code last_sequence}, so a replayed event counts once. Every change of a
 * row is the one statement {@link #CHANGE}, with the counters' deltas and the open flag, so that a batch's changes
 * of the table go as one JDBC batch.
 */
@Component
@ProcessingGroup(MarketCountsProjection.GROUP)
@ProjectionTables(MarketCountsProjection.TABLE)
class MarketCountsProjection {

    static final String GROUP = "market-counts";
    static final String TABLE = "market_counts";

    private static final String CHANGE = """
            UPDATE market_counts
            SET submitted = submitted + :submitted, approved = approved + :approved,
                rejected = rejected + :rejected, waitlisted = waitlisted + :waitlisted,
                withdrawn = withdrawn + :withdrawn, open = coalesce(CAST(:open AS boolean), open),
                last_sequence = :sequence
            WHERE market_id = :marketId AND last_sequence < :sequence""";

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
        Map<String, Object> params = params("marketId", market.value(), "open", open, "sequence", sequence);
        for (ApplicationStatus status : ApplicationStatus.values()) {
            params.put(column(status), deltas.getOrDefault(status, 0));
        }
        writes.write(TABLE, CHANGE, params);
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
