package io.marketflow.query.audit;

import io.marketflow.api.audit.StoredEvent;
import io.marketflow.api.market.MarketId;
import io.marketflow.query.tenancy.TenantReads;
import io.marketflow.edge.caller.VerifiedTenant;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * A market's events exactly as stored, oldest first, read from the event store itself under row-level security (as
 * the reader role): the one source of the as-of, integrity and export answers, so no projection stands between them
 * and the audit log.
 */
@Component
class MarketEventStore {

    private final TenantReads reads;

    MarketEventStore(TenantReads reads) {
        this.reads = reads;
    }

    /** Empty when the market does not exist or is not the tenant's. */
    List<StoredEvent> eventsOf(VerifiedTenant tenant, MarketId marketId) {
        return reads.read(tenant, jdbc -> jdbc.sql("""
                        SELECT sequence_number, payload_type, time_stamp, payload, meta_data, chain_hash
                        FROM domain_event_entry
                        WHERE tenant_id = :tenant AND aggregate_identifier = :marketId AND type = 'Market'
                        ORDER BY sequence_number""")
                .param("tenant", tenant.id().value())
                .param("marketId", marketId.toString())
                .query((row, n) -> new StoredEvent(row.getLong("sequence_number"), row.getString("payload_type"),
                        row.getString("time_stamp"), row.getBytes("payload"), row.getBytes("meta_data"),
                        row.getBytes("chain_hash")))
                .list());
    }
}
