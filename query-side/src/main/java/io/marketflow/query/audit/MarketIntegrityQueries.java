package io.marketflow.query.audit;

import io.marketflow.api.audit.ExportMarketEventsQuery;
import io.marketflow.api.audit.IntegrityReport;
import io.marketflow.api.audit.StoredEvent;
import io.marketflow.api.audit.StoredEventsExport;
import io.marketflow.api.audit.VerifyMarketIntegrityQuery;
import io.marketflow.edge.caller.VerifiedTenant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.stereotype.Component;

/**
 * Verifies a market's stored events against their hash chain, and exports them for verifying offline, read from the
 * event store itself (under row-level security, as the reader role): an edited event breaks the chain at its sequence, a removed one at the gap it
 * leaves. A chain cannot show that its newest events were cut off; the history read model still lists them.
 */
@Component
class MarketIntegrityQueries {

    private final MarketEventStore store;

    MarketIntegrityQueries(MarketEventStore store) {
        this.store = store;
    }

    @QueryHandler
    Optional<IntegrityReport> handle(VerifyMarketIntegrityQuery query, VerifiedTenant tenant) {
        List<StoredEvent> events = store.eventsOf(tenant, query.marketId());
        if (events.isEmpty()) {
            return Optional.empty();
        }
        Long firstBroken = firstBroken(events);
        return Optional.of(new IntegrityReport(firstBroken == null, events.size(), firstBroken));
    }

    @QueryHandler
    Optional<StoredEventsExport> handle(ExportMarketEventsQuery query, VerifiedTenant tenant) {
        List<StoredEvent> events = store.eventsOf(tenant, query.marketId());
        return events.isEmpty() ? Optional.empty() : Optional.of(new StoredEventsExport(events));
    }

    private static Long firstBroken(List<StoredEvent> events) {
        byte[] previous = null;
        long expected = 0;
        for (StoredEvent event : events) {
            if (event.sequence() != expected) {
                return expected; // an event is missing here
            }
            byte[] hash = EventChain.next(previous, event.sequence(), event.payloadType(), event.payload(),
                    event.metaData());
            if (!Arrays.equals(hash, event.chainHash())) {
                return event.sequence();
            }
            previous = hash;
            expected++;
        }
        return null;
    }
}
