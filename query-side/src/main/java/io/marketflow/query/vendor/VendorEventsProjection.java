package io.marketflow.query.vendor;

import static io.marketflow.query.jdbc.JdbcValues.params;

import io.marketflow.api.application.ApplicationStatusChanged;
import io.marketflow.api.application.ApplicationSubmitted;
import io.marketflow.api.vendor.VendorErased;
import io.marketflow.api.vendor.VendorProfileRegistered;
import io.marketflow.api.vendor.VendorProfileUpdated;
import io.marketflow.projection.ProjectionTables;
import io.marketflow.projection.ProjectionWrites;
import io.marketflow.query.application.VendorApplicationsProjection;
import io.marketflow.query.jdbc.JdbcValues;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

/**
 * Keeps {@code vendor_event}: every stored event about a vendor, theirs to read (their tenant), for their export.
 * The payload is kept exactly as the store keeps it, personal fields sealed, so that an erasure needs no change here:
 * the fields stop opening with the rest, and a rebuild writes the same bytes. Part of the vendor-applications read
 * model, rebuilt with it.
 */
@Component
@ProcessingGroup(VendorApplicationsProjection.GROUP)
@ProjectionTables(VendorEventsProjection.TABLE)
class VendorEventsProjection {

    static final String TABLE = "vendor_event";

    private final ProjectionWrites writes;
    private final Serializer serializer;

    /** @param serializer the event store's own: a payload read from the store is then kept as it is stored */
    VendorEventsProjection(ProjectionWrites writes, @Qualifier("eventSerializer") Serializer serializer) {
        this.writes = writes;
        this.serializer = serializer;
    }

    @EventHandler
    void on(ApplicationSubmitted event, DomainEventMessage<?> message, TrackingToken token) {
        keep(event.vendor().value(), event, message, token);
    }

    @EventHandler
    void on(ApplicationStatusChanged event, DomainEventMessage<?> message, TrackingToken token) {
        keep(event.vendor().value(), event, message, token);
    }

    @EventHandler
    void on(VendorProfileRegistered event, DomainEventMessage<?> message, TrackingToken token) {
        keep(event.vendorId().value(), event, message, token);
    }

    @EventHandler
    void on(VendorProfileUpdated event, DomainEventMessage<?> message, TrackingToken token) {
        keep(event.vendorId().value(), event, message, token);
    }

    @EventHandler
    void on(VendorErased event, DomainEventMessage<?> message, TrackingToken token) {
        keep(event.vendorId().value(), event, message, token);
    }

    private void keep(String vendor, Object event, DomainEventMessage<?> message, TrackingToken token) {
        writes.write(TABLE, """
                INSERT INTO vendor_event (tenant_id, aggregate_id, sequence, position, type, payload_type,
                                          occurred_at, payload)
                VALUES (:tenant, :aggregateId, :sequence, :position, :type, :payloadType, :occurredAt,
                        CAST(:payload AS jsonb))
                ON CONFLICT (tenant_id, aggregate_id, sequence) DO NOTHING""", params("tenant", vendor,
                "aggregateId", message.getAggregateIdentifier(), "sequence", message.getSequenceNumber(),
                "position", token == null ? null : token.position().stream().boxed().findFirst().orElse(null),
                "type", event.getClass().getSimpleName(), "payloadType", event.getClass().getName(),
                "occurredAt", JdbcValues.timestamp(message.getTimestamp()),
                "payload", message.serializePayload(serializer, String.class).getData()));
    }
}
