package io.marketflow.query.directory;

import static io.marketflow.query.jdbc.JdbcValues.params;

import io.marketflow.api.market.MarketClosed;
import io.marketflow.api.market.MarketCreated;
import io.marketflow.api.market.MarketId;
import io.marketflow.api.market.MarketReopened;
import io.marketflow.projection.ProjectionTables;
import io.marketflow.projection.ProjectionWrites;
import io.marketflow.query.jdbc.JdbcValues;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.springframework.stereotype.Component;

/** Keeps {@code directory_market}: every market with whether it is open, and nothing about who owns it. */
@Component
@ProcessingGroup(DirectoryProjection.GROUP)
@ProjectionTables(DirectoryProjection.TABLE)
class DirectoryProjection {

    static final String GROUP = "market-directory";
    static final String TABLE = "directory_market";

    private final ProjectionWrites writes;

    DirectoryProjection(ProjectionWrites writes) {
        this.writes = writes;
    }

    @EventHandler
    void on(MarketCreated event, @SequenceNumber long sequence) {
        writes.write(TABLE, """
                INSERT INTO directory_market (market_id, name, location, open, created_at, last_sequence)
                VALUES (:marketId, :name, :location, true, :createdAt, :sequence)
                ON CONFLICT (market_id) DO NOTHING""", params("marketId", event.marketId().value(),
                "name", event.name(), "location", event.location(),
                "createdAt", JdbcValues.timestamp(event.createdAt()), "sequence", sequence));
    }

    @EventHandler
    void on(MarketClosed event, @SequenceNumber long sequence) {
        setOpen(event.marketId(), false, sequence);
    }

    @EventHandler
    void on(MarketReopened event, @SequenceNumber long sequence) {
        setOpen(event.marketId(), true, sequence);
    }

    private void setOpen(MarketId market, boolean open, long sequence) {
        writes.write(TABLE, """
                UPDATE directory_market SET open = :open, last_sequence = :sequence
                WHERE market_id = :marketId AND last_sequence < :sequence""",
                params("marketId", market.value(), "open", open, "sequence", sequence));
    }
}
