package io.marketflow.api.audit;

import java.util.List;

/**
 * A market's whole stored history, oldest first.
 *
 * @param events every stored event
 */
public record StoredEventsExport(List<StoredEvent> events) {
    public StoredEventsExport {
        events = List.copyOf(events);
    }
}
