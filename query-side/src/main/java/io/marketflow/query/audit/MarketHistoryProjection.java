package io.marketflow.query.audit;

import io.marketflow.api.audit.AuditMetadata;
import io.marketflow.api.market.MarketEvent;
import io.marketflow.query.jdbc.JdbcValues;
import java.time.Instant;
import io.marketflow.projection.ProjectionTables;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.axonframework.serialization.Serializer;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Keeps {@code market_history_event}: every market event as stored, with its actor and correlation id. */
@Component
@ProcessingGroup(MarketHistoryProjection.GROUP)
@ProjectionTables("market_history_event")
class MarketHistoryProjection {

    static final String GROUP = "market-history";

    private final JdbcClient jdbc;
    private final Serializer serializer;

    MarketHistoryProjection(JdbcClient projectorJdbc, Serializer serializer) {
        this.jdbc = projectorJdbc;
        this.serializer = serializer;
    }

    @EventHandler
    void on(MarketEvent event, @SequenceNumber long sequence, @Timestamp Instant occurredAt,
            @MetaDataValue(AuditMetadata.ACTOR) String actor,
            @MetaDataValue(AuditMetadata.ACTOR_ROLE) String actorRole,
            @MetaDataValue(AuditMetadata.CORRELATION_ID) String correlationId) {
        jdbc.sql("""
                        INSERT INTO market_history_event (market_id, sequence, tenant_id, type, occurred_at, actor,
                                                          actor_role, correlation_id, payload)
                        VALUES (:marketId, :sequence, :tenant, :type, :occurredAt, :actor, :actorRole,
                                :correlationId, CAST(:payload AS jsonb))
                        ON CONFLICT (tenant_id, market_id, sequence) DO NOTHING""")
                .param("marketId", event.marketId().value())
                .param("sequence", sequence)
                .param("tenant", event.owner().value())
                .param("type", event.getClass().getSimpleName())
                .param("occurredAt", JdbcValues.timestamp(occurredAt))
                .param("actor", actor)
                .param("actorRole", actorRole)
                .param("correlationId", correlationId)
                .param("payload", serializer.serialize(event, String.class).getData())
                .update();
    }
}
