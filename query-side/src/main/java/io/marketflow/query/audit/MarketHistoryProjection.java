package io.marketflow.query.audit;

import static io.marketflow.query.jdbc.JdbcValues.params;

import io.marketflow.api.audit.AuditMetadata;
import io.marketflow.api.market.MarketEvent;
import io.marketflow.projection.ProjectionTables;
import io.marketflow.projection.ProjectionWrites;
import io.marketflow.query.jdbc.JdbcValues;
import java.time.Instant;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

/**
 * Keeps {@code market_history_event}: every market event's payload exactly as stored (a vendor's personal fields
 * sealed, opened at read time), with its actor and correlation id.
 */
@Component
@ProcessingGroup(MarketHistoryProjection.GROUP)
@ProjectionTables(MarketHistoryProjection.TABLE)
class MarketHistoryProjection {

    static final String GROUP = "market-history";
    static final String TABLE = "market_history_event";

    private final ProjectionWrites writes;
    private final Serializer serializer;

    /** @param serializer the event store's own: a payload read from the store is then kept as it is stored */
    MarketHistoryProjection(ProjectionWrites writes, @Qualifier("eventSerializer") Serializer serializer) {
        this.writes = writes;
        this.serializer = serializer;
    }

    @EventHandler
    void on(MarketEvent event, EventMessage<?> message, @SequenceNumber long sequence, @Timestamp Instant occurredAt,
            @MetaDataValue(AuditMetadata.ACTOR) String actor,
            @MetaDataValue(AuditMetadata.ACTOR_ROLE) String actorRole,
            @MetaDataValue(AuditMetadata.CORRELATION_ID) String correlationId) {
        writes.write(TABLE, """
                INSERT INTO market_history_event (market_id, sequence, tenant_id, type, occurred_at, actor,
                                                  actor_role, correlation_id, payload)
                VALUES (:marketId, :sequence, :tenant, :type, :occurredAt, :actor, :actorRole,
                        :correlationId, CAST(:payload AS jsonb))
                ON CONFLICT (tenant_id, market_id, sequence) DO NOTHING""", params("marketId", event.marketId().value(),
                "sequence", sequence, "tenant", event.owner().value(), "type", event.getClass().getSimpleName(),
                "occurredAt", JdbcValues.timestamp(occurredAt), "actor", actor, "actorRole", actorRole,
                "correlationId", correlationId,
                "payload", message.serializePayload(serializer, String.class).getData()));
    }
}
