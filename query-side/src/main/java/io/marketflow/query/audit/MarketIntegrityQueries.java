package io.marketflow.query.audit;

import io.marketflow.api.audit.IntegrityReport;
import io.marketflow.api.audit.VerifyMarketIntegrityQuery;
import io.marketflow.query.tenancy.TenantReads;
import io.marketflow.query.tenancy.VerifiedTenant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.stereotype.Component;

/**
 * Verifies a market's stored events against their hash chain, read from the event store itself (under row-level
 * security, as the reader role): an edited event breaks the chain at its sequence, a removed one at the gap it
 * leaves. A chain cannot show that its newest events were cut off; the history read model still lists them.
 */
@Component
class MarketIntegrityQueries {

    private record StoredEvent(long sequence, String payloadType, byte[] payload, byte[] metaData, byte[] chainHash) {
    }

    private final TenantReads reads;

    MarketIntegrityQueries(TenantReads reads) {
        this.reads = reads;
    }

    @QueryHandler
    Optional<IntegrityReport> handle(VerifyMarketIntegrityQuery query, VerifiedTenant tenant) {
        List<StoredEvent> events = reads.read(tenant, jdbc -> jdbc.sql("""
                        SELECT sequence_number, payload_type, payload, meta_data, chain_hash FROM domain_event_entry
                        WHERE tenant_id = :tenant AND aggregate_identifier = :marketId AND type = 'Market'
                        ORDER BY sequence_number""")
                .param("tenant", tenant.id().value())
                .param("marketId", query.marketId().toString())
                .query((row, n) -> new StoredEvent(row.getLong("sequence_number"), row.getString("payload_type"),
                        row.getBytes("payload"), row.getBytes("meta_data"), row.getBytes("chain_hash")))
                .list());
        if (events.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new IntegrityReport(firstBroken(events) == null, events.size(), firstBroken(events)));
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
