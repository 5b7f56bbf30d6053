package io.marketflow.query.directory;

import io.marketflow.api.market.MarketClosed;
import io.marketflow.api.market.MarketCreated;
import io.marketflow.api.market.MarketReopened;
import io.marketflow.query.jdbc.JdbcValues;
import java.util.UUID;
import io.marketflow.projection.ProjectionTables;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Keeps {@code directory_market}: every market with whether it is open, and nothing about who owns it. */
@Component
@ProcessingGroup(DirectoryProjection.GROUP)
@ProjectionTables("directory_market")
class DirectoryProjection {

    static final String GROUP = "market-directory";

    private final JdbcClient jdbc;

    DirectoryProjection(JdbcClient projectorJdbc) {
        this.jdbc = projectorJdbc;
    }

    @EventHandler
    void on(MarketCreated event, @SequenceNumber long sequence) {
        jdbc.sql("""
                        INSERT INTO directory_market (market_id, name, location, open, created_at, last_sequence)
                        VALUES (:marketId, :name, :location, true, :createdAt, :sequence)
                        ON CONFLICT (market_id) DO NOTHING""")
                .param("marketId", event.marketId().value())
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

    private void setOpen(UUID marketId, boolean open, long sequence) {
        jdbc.sql("""
                        UPDATE directory_market SET open = :open, last_sequence = :sequence
                        WHERE market_id = :marketId AND last_sequence < :sequence""")
                .param("marketId", marketId)
                .param("open", open)
                .param("sequence", sequence)
                .update();
    }
}
