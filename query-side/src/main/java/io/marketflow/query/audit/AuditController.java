package io.marketflow.query.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.marketflow.api.audit.ApplicationsAsOf;
import io.marketflow.api.audit.FindApplicationsAsOfQuery;
import io.marketflow.api.audit.ExportMarketEventsQuery;
import io.marketflow.api.audit.FindMarketHistoryQuery;
import io.marketflow.api.audit.IntegrityReport;
import io.marketflow.api.audit.MarketHistoryEntry;
import io.marketflow.api.audit.MarketHistoryPage;
import io.marketflow.api.audit.StoredEvent;
import io.marketflow.api.audit.StoredEventsExport;
import io.marketflow.api.audit.VerifyMarketIntegrityQuery;
import io.marketflow.api.market.MarketId;
import io.marketflow.api.paging.PageRequest;
import io.marketflow.edge.web.InvalidInputException;
import io.marketflow.edge.web.NotFoundException;
import io.marketflow.projection.ReadModel;
import io.marketflow.query.paging.Paging;
import io.marketflow.edge.caller.ActingAs;
import io.marketflow.query.tenancy.TenantQueries;
import io.marketflow.edge.caller.TenantRole;
import io.marketflow.edge.caller.VerifiedTenant;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.UUID;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The audit routes: a market's history (JSON pages or the NDJSON export), its applications as of an instant, and the
 * integrity of its stored events; for its owner and the owner's auditors, anyone else gets the 404 of a missing market.
 */
@RestController
class AuditController {

    /** An event as the audit API shows it: the payload as a JSON object, not a string. */
    record AuditedEvent(long sequence, String type, Instant occurredAt, String actor, String actorRole,
                        String correlationId, JsonNode payload) {
    }

    record AuditedEventPage(List<AuditedEvent> items, String nextCursor) {
    }

    static final String NDJSON = "application/x-ndjson";

    private final TenantQueries queries;
    private final ObjectMapper json;

    AuditController(TenantQueries queries, ObjectMapper json) {
        this.queries = queries;
        this.json = json;
    }

    @GetMapping("/api/audit/markets/{marketId}/events")
    @ReadModel(MarketHistoryProjection.GROUP)
    AuditedEventPage events(@PathVariable UUID marketId, @RequestParam(required = false) Integer limit,
                            @RequestParam(required = false) String cursor,
                            @ActingAs(TenantRole.OWNER_OR_AUDITOR) VerifiedTenant tenant) {
        int size = Paging.request(limit, null).limit();
        if (cursor != null) {
            MarketHistoryQueries.sequenceIn(cursor);
        }
        MarketHistoryPage page = queries.find(tenant,
                        id -> new FindMarketHistoryQuery(id, new MarketId(marketId), new PageRequest(size, cursor)),
                        MarketHistoryPage.class)
                .orElseThrow(NotFoundException::new);
        return new AuditedEventPage(page.items().stream().map(this::shown).toList(), page.nextCursor());
    }

    /**
     * The whole stored history as newline-delimited JSON, one event per line, bytes in base64 and the chain hash in
     * hex: what {@code tools/VerifyChain.java} checks offline.
     */
    @GetMapping(value = "/api/audit/markets/{marketId}/events", produces = NDJSON)
    ResponseEntity<String> export(@PathVariable UUID marketId, @ActingAs(TenantRole.OWNER_OR_AUDITOR) VerifiedTenant tenant) {
        StoredEventsExport export = queries.find(tenant,
                        id -> new ExportMarketEventsQuery(id, new MarketId(marketId)), StoredEventsExport.class)
                .orElseThrow(NotFoundException::new);
        StringBuilder lines = new StringBuilder();
        for (StoredEvent event : export.events()) {
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("sequence", event.sequence());
            line.put("payloadType", event.payloadType());
            line.put("timestamp", event.timestamp());
            line.put("payload", Base64.getEncoder().encodeToString(event.payload()));
            line.put("metaData", event.metaData() == null ? "" : Base64.getEncoder().encodeToString(event.metaData()));
            line.put("chainHash", HexFormat.of().formatHex(event.chainHash()));
            try {
                lines.append(json.writeValueAsString(line)).append('\n');
            } catch (JsonProcessingException e) {
                throw new UncheckedIOException(e);
            }
        }
        return ResponseEntity.ok().contentType(MediaType.parseMediaType(NDJSON)).body(lines.toString());
    }

    @GetMapping("/api/audit/markets/{marketId}/applications")
    ApplicationsAsOf applicationsAsOf(@PathVariable UUID marketId,
                                      @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant asOf,
                                      @ActingAs(TenantRole.OWNER_OR_AUDITOR) VerifiedTenant tenant) {
        if (asOf.isAfter(Instant.now())) {
            throw new InvalidInputException("asOf is in the future: history is known up to now only.");
        }
        return queries.find(tenant, id -> new FindApplicationsAsOfQuery(id, new MarketId(marketId), asOf),
                ApplicationsAsOf.class).orElseThrow(NotFoundException::new);
    }

    @GetMapping("/api/audit/markets/{marketId}/integrity")
    IntegrityReport integrity(@PathVariable UUID marketId, @ActingAs(TenantRole.OWNER_OR_AUDITOR) VerifiedTenant tenant) {
        return queries.find(tenant, id -> new VerifyMarketIntegrityQuery(id, new MarketId(marketId)),
                IntegrityReport.class).orElseThrow(NotFoundException::new);
    }

    private AuditedEvent shown(MarketHistoryEntry entry) {
        try {
            return new AuditedEvent(entry.sequence(), entry.type(), entry.occurredAt(), entry.actor(),
                    entry.actorRole(), entry.correlationId(), json.readTree(entry.payload()));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
