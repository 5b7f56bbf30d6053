package io.marketflow.query.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.marketflow.api.audit.FindMarketHistoryQuery;
import io.marketflow.api.audit.MarketHistoryEntry;
import io.marketflow.api.audit.MarketHistoryPage;
import io.marketflow.edge.caller.VerifiedTenant;
import io.marketflow.edge.web.InvalidInputException;
import io.marketflow.persistence.personal.PersonalFields;
import io.marketflow.query.jdbc.JdbcValues;
import io.marketflow.query.tenancy.TenantReads;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;

/**
 * Reads a market's history, oldest first, for its owner or the owner's auditors. Its payloads are stored as the event
 * store holds them, personal fields sealed, and opened here.
 */
@Component
class MarketHistoryQueries {

    private static final RowMapper<MarketHistoryEntry> ENTRY = (row, n) -> new MarketHistoryEntry(
            row.getLong("sequence"), row.getString("type"), JdbcValues.instant(row, "occurred_at"), row.getString("actor"),
            row.getString("actor_role"), row.getString("correlation_id"), row.getString("payload"));

    private final TenantReads reads;
    private final PersonalFields personalFields;
    private final ObjectMapper json = new ObjectMapper();

    MarketHistoryQueries(TenantReads reads, PersonalFields personalFields) {
        this.reads = reads;
        this.personalFields = personalFields;
    }

    /** The entry with its vendor's personal fields opened, in the reading transaction: {@code null} once erased. */
    private MarketHistoryEntry revealed(MarketHistoryEntry entry) {
        try {
            String payload = json.writeValueAsString(
                    personalFields.reveal(json.readTree(entry.payload()), entry.type()));
            return new MarketHistoryEntry(entry.sequence(), entry.type(), entry.occurredAt(), entry.actor(),
                    entry.actorRole(), entry.correlationId(), payload);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Empty when the tenant has no such market: a market's history starts with its creation. */
    @QueryHandler
    Optional<MarketHistoryPage> handle(FindMarketHistoryQuery query, VerifiedTenant tenant) {
        long after = query.page().cursor() == null ? -1 : sequenceIn(query.page().cursor());
        List<MarketHistoryEntry> found = reads.read(tenant, jdbc -> jdbc.sql("""
                        SELECT sequence, type, occurred_at, actor, actor_role, correlation_id, payload::text AS payload
                        FROM market_history_event
                        WHERE tenant_id = :tenant AND market_id = :marketId AND sequence > :after
                        ORDER BY sequence LIMIT :limit""")
                .param("tenant", tenant.id().value())
                .param("marketId", query.marketId().value())
                .param("after", after)
                .param("limit", query.page().limit() + 1)
                .query(ENTRY)
                .list()
                .stream()
                .map(this::revealed)
                .toList());
        if (found.isEmpty() && after < 0) {
            return Optional.empty();
        }
        if (found.size() <= query.page().limit()) {
            return Optional.of(new MarketHistoryPage(found, null));
        }
        List<MarketHistoryEntry> items = found.subList(0, query.page().limit());
        return Optional.of(new MarketHistoryPage(items, cursorAfter(items.get(items.size() - 1).sequence())));
    }

    static String cursorAfter(long sequence) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString(("history|" + sequence).getBytes(StandardCharsets.US_ASCII));
    }

    static long sequenceIn(String cursor) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII);
            if (text.startsWith("history|")) {
                return Long.parseLong(text.substring("history|".length()));
            }
        } catch (IllegalArgumentException e) {
            // answered below
        }
        throw new InvalidInputException("cursor is not one this API made; pass back a page's nextCursor as is.");
    }
}
