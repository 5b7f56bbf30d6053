package io.marketflow.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.marketflow.system.EventStreamClient.Event;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The live feed of a market's applications: its owner's dashboard gets the current page, then every change as it is
 * projected, and nothing of anyone else's; the stream ends when the token expires.
 */
class LiveFeedIT {

    private final MarketflowSystem system = MarketflowSystem.get();
    private final Api api = new Api(system);
    /** The subject of each organizer token made here, to mint it another token. */
    private final Map<String, String> subjects = new HashMap<>();

    record Owned(String organizer, UUID market) {
    }

    @Test
    void twoOrganizersWatchingAtOnceEachReceiveExactlyTheirOwnChanges() throws InterruptedException {
        Owned alice = ownedMarket("Alice's Market");
        Owned bob = ownedMarket("Bob's Market");
        List<String> vendors = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            String vendor = api.vendor(Api.someone("vendor"));
            api.saveVendorProfile(vendor, "Stall " + i);
            vendors.add(vendor);
        }
        String earlyVendor = api.vendor(Api.someone("vendor"));
        api.saveVendorProfile(earlyVendor, "Early Stall");
        UUID early = api.apply(earlyVendor, alice.market());
        awaitListed(alice, early);

        try (EventStreamClient aliceFeed = watch(alice); EventStreamClient bobFeed = watch(bob)) {
            assertThat(firstPageIds(aliceFeed)).containsExactly(early);
            assertThat(firstPageIds(bobFeed)).isEmpty();

            Map<UUID, String> aliceExpects = new HashMap<>(Map.of(early, "APPROVED"));
            Map<UUID, String> bobExpects = new HashMap<>();
            assertThat(api.decide(alice.organizer(), alice.market(), early, "APPROVED").status()).isEqualTo(200);
            for (String vendor : vendors) {
                UUID toAlice = api.apply(vendor, alice.market());
                UUID toBob = api.apply(vendor, bob.market());
                assertThat(api.decide(alice.organizer(), alice.market(), toAlice, "WAITLISTED").status())
                        .isEqualTo(200);
                assertThat(api.decide(bob.organizer(), bob.market(), toBob, "REJECTED").status()).isEqualTo(200);
                aliceExpects.put(toAlice, "WAITLISTED");
                bobExpects.put(toBob, "REJECTED");
            }

            List<Event> aliceSaw = awaitFinalStatuses(aliceFeed, aliceExpects);
            List<Event> bobSaw = awaitFinalStatuses(bobFeed, bobExpects);
            Thread.sleep(500); // anything still on its way that should not be
            aliceSaw.addAll(aliceFeed.drain());
            bobSaw.addAll(bobFeed.drain());

            assertOnly(aliceSaw, alice.market(), aliceExpects.keySet());
            assertOnly(bobSaw, bob.market(), bobExpects.keySet());
            System.out.printf("live feeds: 2 organizers, application events %d and %d, foreign events 0%n",
                    aliceSaw.size(), bobSaw.size());
        }
    }

    @Test
    void theStreamEndsWhenTheTokenExpiresAndSendsNothingAfter() throws InterruptedException {
        Owned owned = ownedMarket("Short Lived Market");
        String shortToken = system.issuer().mint(subjects.get(owned.organizer()), List.of("organizer"), null,
                Duration.ofSeconds(4));
        Instant opened = Instant.now();

        try (EventStreamClient feed = EventStreamClient.open(liveUrl(owned.market()), shortToken)) {
            assertThat(feed.status()).isEqualTo(200);
            assertThat(feed.next(Duration.ofSeconds(5)).name()).isEqualTo("page");

            Event end = feed.next(Duration.ofSeconds(15));
            assertThat(end).isNotNull();
            assertThat(end.name()).isEqualTo("end");
            assertThat(end.json().get("reason").asText()).isEqualTo("token-expired");
            assertThat(Duration.between(opened, end.receivedAt())).isBetween(Duration.ofSeconds(2),
                    Duration.ofSeconds(10));
            await().atMost(Duration.ofSeconds(5)).until(feed::ended);

            String vendor = api.vendor(Api.someone("vendor"));
            api.saveVendorProfile(vendor, "Too Late Stall");
            api.apply(vendor, owned.market());
            assertThat(feed.next(Duration.ofSeconds(1))).isNull();
        }
    }

    @Test
    void anotherOrganizerGetsTheNotFoundOfAMissingMarketAndAVendorIsForbidden() {
        Owned owned = ownedMarket("Watched Market");

        try (EventStreamClient stranger = watch(new Owned(api.organizer(Api.someone("organizer")), owned.market()));
             EventStreamClient missing = watch(new Owned(api.organizer(Api.someone("organizer")), UUID.randomUUID()));
             EventStreamClient vendor = EventStreamClient.open(liveUrl(owned.market()),
                     api.vendor(Api.someone("vendor")))) {
            assertThat(stranger.status()).isEqualTo(404);
            assertThat(stranger.contentType()).startsWith("application/problem+json");
            assertThat(missing.status()).isEqualTo(404);
            assertThat(vendor.status()).isEqualTo(403);
        }
    }

    private Owned ownedMarket(String name) {
        String subject = Api.someone("organizer");
        String organizer = api.organizer(subject);
        UUID market = api.createMarket(organizer, name);
        subjects.put(organizer, subject);
        await().atMost(Duration.ofSeconds(10)).until(() ->
                api.query("/api/markets/" + market + "/applications", organizer).status() == 200);
        return new Owned(organizer, market);
    }

    private void awaitListed(Owned owned, UUID application) {
        await().atMost(Duration.ofSeconds(10)).until(() -> api.query("/api/markets/" + owned.market()
                + "/applications", owned.organizer()).body().contains(application.toString()));
    }

    private EventStreamClient watch(Owned owned) {
        return EventStreamClient.open(liveUrl(owned.market()), owned.organizer());
    }

    private String liveUrl(UUID market) {
        return system.querySide() + "/api/markets/" + market + "/applications/live";
    }

    private static List<UUID> firstPageIds(EventStreamClient feed) throws InterruptedException {
        assertThat(feed.status()).isEqualTo(200);
        assertThat(feed.contentType()).startsWith("text/event-stream");
        Event first = feed.next(Duration.ofSeconds(5));
        assertThat(first).isNotNull();
        assertThat(first.name()).isEqualTo("page");
        List<UUID> ids = new ArrayList<>();
        first.json().get("items").forEach(item -> ids.add(UUID.fromString(item.get("id").asText())));
        return ids;
    }

    /** Reads events until each expected application was last seen in its expected status. */
    private static List<Event> awaitFinalStatuses(EventStreamClient feed, Map<UUID, String> expected)
            throws InterruptedException {
        List<Event> seen = new ArrayList<>();
        Map<UUID, String> latest = new HashMap<>();
        Instant deadline = Instant.now().plusSeconds(20);
        while (!latest.equals(expected) && Instant.now().isBefore(deadline)) {
            Event event = feed.next(Duration.ofMillis(200));
            if (event != null && event.name().equals("application")) {
                seen.add(event);
                JsonNode application = event.json();
                latest.put(UUID.fromString(application.get("id").asText()), application.get("status").asText());
            }
        }
        assertThat(latest).as("the last status seen of each application").isEqualTo(expected);
        return seen;
    }

    private static void assertOnly(List<Event> events, UUID market, Set<UUID> applications) {
        for (Event event : events) {
            assertThat(event.name()).as("%s", event).isIn("application");
            JsonNode application = event.json();
            assertThat(application.get("marketId").asText()).as("%s", event).isEqualTo(market.toString());
            assertThat(UUID.fromString(application.get("id").asText())).as("%s", event).isIn(applications);
        }
    }
}
