package io.marketflow.query.market;

import io.marketflow.api.application.ApplicationStatus;
import io.marketflow.api.application.ApplicationStatusChanged;
import io.marketflow.api.application.ApplicationSubmitted;
import io.marketflow.api.market.MarketClosed;
import io.marketflow.api.market.MarketCreated;
import io.marketflow.api.market.MarketReopened;
import io.marketflow.query.jdbc.JdbcValues;
import io.marketflow.projection.ProjectionTables;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Keeps {@code market_counts}: one row per market with how many applications are in each status. Counters move
 * only when the event is newer than the row's {@code last_sequence}, so a replayed event counts once.
 */
@Component
@ProcessingGroup(MarketCountsProjection.GROUP)
@ProjectionTables("market_counts")
class MarketCountsProjection {

    static final String GROUP = "market-counts";

    private final JdbcClient jdbc;

    MarketCountsProjection(JdbcClient projectorJdbc) {
        this.jdbc = projectorJdbc;
    }

    @EventHandler
    void on(MarketCreated event, @SequenceNumber long sequence) {
        jdbc.sql("""
                        INSERT INTO market_counts (market_id, tenant_id, name, location, open, created_at, last_sequence)
                        VALUES (:marketId, :tenant, :name, :location, true, :createdAt, :sequence)
                        ON CONFLICT (market_id) DO NOTHING""")
                .param("marketId", event.marketId().value())
                .param("tenant", event.owner().value())
                .param("name", event.name())
                .param("location", event.location())
                .param("createdAt", JdbcValues.timestamp(event.createdAt()))
                .param("sequence", sequence)
                .update();
    }

    @EventHandler
    void on(MarketClosed event, @SequenceNumber long sequence) {
        setOpen(event.marketId().value(), false, sequence);
    }

    @EventHandler
    void on(MarketReopened event, @SequenceNumber long sequence) {
        setOpen(event.marketId().value(), true, sequence);
    }

    @EventHandler
    void on(ApplicationSubmitted event, @SequenceNumber long sequence) {
        jdbc.sql("""
                        UPDATE market_counts SET submitted = submitted + 1, last_sequence = :sequence
                        WHERE market_id = :marketId AND last_sequence < :sequence""")
                .param("marketId", event.marketId().value())
                .param("sequence", sequence)
                .update();
    }

    @EventHandler
    void on(ApplicationStatusChanged event, @SequenceNumber long sequence) {
        String from = column(event.previousStatus());
        String to = column(event.newStatus());
        jdbc.sql("UPDATE market_counts SET " + from + " = " + from + " - 1, " + to + " = " + to + " + 1, "
                        + "last_sequence = :sequence WHERE market_id = :marketId AND last_sequence < :sequence")
                .param("marketId", event.marketId().value())
                .param("sequence", sequence)
                .update();
    }

    private void setOpen(Object marketId, boolean open, long sequence) {
        jdbc.sql("""
                        UPDATE market_counts SET open = :open, last_sequence = :sequence
                        WHERE market_id = :marketId AND last_sequence < :sequence""")
                .param("marketId", marketId)
                .param("open", open)
                .param("sequence", sequence)
                .update();
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
