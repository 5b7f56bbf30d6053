package io.marketflow.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.marketflow.system.Api.Reply;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Lists are newest first and paged with {@code limit} and the opaque {@code nextCursor}. */
class PagingIT {

    private final MarketflowSystem system = MarketflowSystem.get();
    private final Api api = new Api(system);

    @Test
    void pagingThroughAnOrganizersMarketsGivesEachOnceNewestFirst() {
        String organizer = api.organizer(Api.someone("organizer"));
        List<UUID> created = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            created.add(api.createMarket(organizer, "Paged market " + i));
        }
        List<UUID> newestFirst = new ArrayList<>(created);
        Collections.reverse(newestFirst);
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            Reply all = api.query("/api/markets?limit=200", organizer);
            return all.status() == 200 && all.json().get("items").size() == 5;
        });

        List<UUID> paged = new ArrayList<>();
        List<Instant> createdAt = new ArrayList<>();
        List<Integer> pageSizes = new ArrayList<>();
        String cursor = null;
        do {
            String path = "/api/markets?limit=2"
                    + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
            Reply reply = api.query(path, organizer);
            assertThat(reply.status()).as("%s", reply).isEqualTo(200);
            JsonNode page = reply.json();
            pageSizes.add(page.get("items").size());
            for (JsonNode item : page.get("items")) {
                paged.add(UUID.fromString(item.get("id").asText()));
                createdAt.add(Instant.parse(item.get("createdAt").asText()));
            }
            assertThat(page.has("nextCursor")).as("nextCursor member of %s", reply).isTrue();
            JsonNode next = page.get("nextCursor");
            cursor = next.isNull() ? null : next.asText();
            assertThat(pageSizes).as("pages so far; a cursor that never ends?").hasSizeLessThanOrEqualTo(3);
        } while (cursor != null);

        assertThat(pageSizes).containsExactly(2, 2, 1);
        assertThat(paged).containsExactlyElementsOf(newestFirst);
        assertThat(createdAt).isSortedAccordingTo(Comparator.reverseOrder());
    }
}
