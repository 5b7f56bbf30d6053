package io.marketflow.query.vendor;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;

/**
 * Everything Marketflow holds about one vendor, as {@code GET /api/vendor/export} answers it.
 *
 * @param profile      their current profile, {@code null} when they have none (never made, or erased)
 * @param applications each of their applications as it stands, oldest first
 * @param events       every stored event about them, oldest first, personal fields decrypted
 */
public record VendorExport(Profile profile, List<Application> applications, List<Event> events) {

    public record Profile(String businessName, String category) {
    }

    public record Application(String applicationId, String marketId, String marketName, String status, String note,
                              String reason, Instant submittedAt, Instant updatedAt) {
    }

    public record Event(Long position, String aggregateId, long sequence, String type, Instant occurredAt,
                        JsonNode payload) {
    }
}
