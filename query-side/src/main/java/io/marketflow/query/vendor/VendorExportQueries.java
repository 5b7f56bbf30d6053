package io.marketflow.query.vendor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.marketflow.api.application.ApplicationStatusChanged;
import io.marketflow.api.application.ApplicationSubmitted;
import io.marketflow.api.vendor.ExportVendorDataQuery;
import io.marketflow.api.vendor.VendorErased;
import io.marketflow.api.vendor.VendorProfileRegistered;
import io.marketflow.api.vendor.VendorProfileUpdated;
import io.marketflow.edge.caller.VerifiedTenant;
import io.marketflow.persistence.personal.PersonalFields;
import io.marketflow.query.jdbc.JdbcValues;
import io.marketflow.query.tenancy.TenantReads;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.axonframework.queryhandling.QueryHandler;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.springframework.stereotype.Component;

/**
 * Folds a vendor's export from the events about them ({@code vendor_event}: their profile's events and the market
 * events that name them), read under row-level security in one reading transaction, their fields opened there.
 */
@Component
class VendorExportQueries {

    private record Stored(Long position, String aggregateId, long sequence, String type, String payloadType,
                          Instant occurredAt, String payload) {
    }

    private final TenantReads reads;
    private final Serializer serializer;
    private final PersonalFields personalFields;
    private final ObjectMapper json = new ObjectMapper();

    VendorExportQueries(TenantReads reads, Serializer serializer, PersonalFields personalFields) {
        this.reads = reads;
        this.serializer = serializer;
        this.personalFields = personalFields;
    }

    @QueryHandler
    VendorExport handle(ExportVendorDataQuery query, VerifiedTenant tenant) {
        return reads.read(tenant, jdbc -> fold(jdbc.sql("""
                        SELECT position, aggregate_id, sequence, type, payload_type, occurred_at, payload::text
                        FROM vendor_event
                        WHERE tenant_id = :tenant
                        ORDER BY occurred_at, aggregate_id, sequence""")
                .param("tenant", query.tenant().value())
                .query((row, n) -> new Stored(row.getObject(1, Long.class), row.getString(2), row.getLong(3),
                        row.getString(4), row.getString(5), JdbcValues.instant(row, "occurred_at"),
                        row.getString(7)))
                .list()));
    }

    private VendorExport fold(List<Stored> stored) {
        VendorExport.Profile profile = null;
        Map<String, VendorExport.Application> applications = new LinkedHashMap<>();
        List<VendorExport.Event> events = new ArrayList<>();
        for (Stored event : stored) {
            events.add(new VendorExport.Event(event.position(), event.aggregateId(), event.sequence(), event.type(),
                    event.occurredAt(), personalFields.reveal(tree(event.payload()), event.type())));
            Object payload = serializer.deserialize(new SimpleSerializedObject<>(event.payload(), String.class,
                    event.payloadType(), null));
            if (payload instanceof VendorProfileRegistered registered) {
                profile = new VendorExport.Profile(registered.businessName(), registered.category());
            } else if (payload instanceof VendorProfileUpdated updated) {
                profile = new VendorExport.Profile(updated.businessName(), updated.category());
            } else if (payload instanceof VendorErased) {
                profile = null;
            } else if (payload instanceof ApplicationSubmitted submitted) {
                String id = submitted.applicationId().value().toString();
                applications.put(id, new VendorExport.Application(id, submitted.marketId().value().toString(),
                        submitted.marketName(), "SUBMITTED", submitted.note(), null, submitted.submittedAt(),
                        submitted.submittedAt()));
            } else if (payload instanceof ApplicationStatusChanged changed) {
                applications.computeIfPresent(changed.applicationId().value().toString(), (id, before) ->
                        new VendorExport.Application(id, before.marketId(), before.marketName(),
                                changed.newStatus().name(), before.note(),
                                changed.reason() == null || changed.reason().isEmpty() ? before.reason()
                                        : changed.reason(),
                                before.submittedAt(), changed.changedAt()));
            }
        }
        return new VendorExport(profile, List.copyOf(applications.values()), events);
    }

    private JsonNode tree(String payload) {
        try {
            return json.readTree(payload);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
