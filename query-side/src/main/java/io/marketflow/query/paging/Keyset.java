package io.marketflow.query.paging;

import io.marketflow.edge.web.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.UUID;

/**
 * Where a page ended: the last row's sort time and id. Encoded as an opaque, URL-safe cursor.
 *
 * @param at the last row's time, to the microsecond
 * @param id the last row's id, which breaks ties
 */
public record Keyset(Instant at, UUID id) {

    public String encode() {
        long micros = ChronoUnit.MICROS.between(Instant.EPOCH, at);
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((micros + "|" + id).getBytes(StandardCharsets.US_ASCII));
    }

    /** The keyset a cursor names; a cursor that was not made by {@link #encode()} is bad input. */
    public static Keyset decode(String cursor) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII);
            int bar = text.indexOf('|');
            long micros = Long.parseLong(text.substring(0, bar));
            UUID id = UUID.fromString(text.substring(bar + 1));
            return new Keyset(Instant.EPOCH.plus(micros, ChronoUnit.MICROS), id);
        } catch (RuntimeException e) {
            throw new InvalidInputException("cursor is not one this API made; pass back a page's nextCursor as is.");
        }
    }
}
