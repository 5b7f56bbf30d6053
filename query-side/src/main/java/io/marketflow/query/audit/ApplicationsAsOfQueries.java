package io.marketflow.query.audit;

import io.marketflow.api.application.ApplicationId;
import io.marketflow.api.application.ApplicationStatus;
import io.marketflow.api.application.ApplicationStatusChanged;
import io.marketflow.api.application.ApplicationSubmitted;
import io.marketflow.api.application.MarketApplication;
import io.marketflow.api.audit.ApplicationsAsOf;
import io.marketflow.api.audit.FindApplicationsAsOfQuery;
import io.marketflow.api.audit.StoredEvent;
import io.marketflow.edge.caller.VerifiedTenant;
import io.marketflow.query.tenancy.TenantReads;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.axonframework.queryhandling.QueryHandler;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.springframework.stereotype.Component;

/**
 * Rebuilds a market's applications at an instant from the event store itself ({@link MarketEventStore}), folding
 * every event appended up to that instant: no read model is involved, so a bug or a lag in a
 * projection cannot change what an auditor sees.
 */
@Component
class ApplicationsAsOfQueries {

    private final TenantReads reads;
    private final MarketEventStore store;
    private final Serializer serializer;

    ApplicationsAsOfQueries(TenantReads reads, MarketEventStore store, Serializer serializer) {
        this.reads = reads;
        this.store = store;
        this.serializer = serializer;
    }

    /** Empty when the market had no event yet at that instant, or is not the tenant's. */
    @QueryHandler
    Optional<ApplicationsAsOf> handle(FindApplicationsAsOfQuery query, VerifiedTenant tenant) {
        // one reading transaction for the events and their vendors' keys, each key read once
        return reads.read(tenant, jdbc -> foldedAsOf(query, tenant));
    }

    private Optional<ApplicationsAsOf> foldedAsOf(FindApplicationsAsOfQuery query, VerifiedTenant tenant) {
        List<StoredEvent> upToThen = store.eventsOf(tenant, query.marketId()).stream()
                .filter(event -> !Instant.parse(event.timestamp()).isAfter(query.asOf()))
                .toList();
        if (upToThen.isEmpty()) {
            return Optional.empty();
        }
        Map<ApplicationId, MarketApplication> applications = new LinkedHashMap<>();
        for (StoredEvent stored : upToThen) {
            Object event = serializer.deserialize(
                    new SimpleSerializedObject<>(stored.payload(), byte[].class, stored.payloadType(), null));
            if (event instanceof ApplicationSubmitted submitted) {
                applications.put(submitted.applicationId(), new MarketApplication(submitted.applicationId(),
                        submitted.marketId(), submitted.vendor(), submitted.vendorName(), ApplicationStatus.SUBMITTED,
                        submitted.note(), submitted.submittedAt(), submitted.submittedAt()));
            } else if (event instanceof ApplicationStatusChanged changed) {
                applications.computeIfPresent(changed.applicationId(), (id, before) -> new MarketApplication(id,
                        before.marketId(), before.vendorId(), before.vendorName(), changed.newStatus(), before.note(),
                        before.submittedAt(), changed.changedAt()));
            }
        }
        List<MarketApplication> newestFirst = applications.values().stream()
                .sorted(Comparator.comparing(MarketApplication::submittedAt).reversed()).toList();
        return Optional.of(new ApplicationsAsOf(query.marketId(), query.asOf(), upToThen.size(), newestFirst));
    }
}
