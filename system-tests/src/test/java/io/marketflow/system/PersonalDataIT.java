package io.marketflow.system;

import static io.marketflow.system.ProblemAssertions.assertProblem;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.marketflow.system.Api.Reply;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Crypto-shredding of vendors' personal data (business name, category, notes, the reasons given on their
 * applications), on a system of its own, since the checks read the whole database: two command-side instances and a
 * query side over one PostgreSQL. After {@code DELETE /api/vendors/me} no column of any table of any schema holds the
 * erased values, as text, as bytes, in hex or in base64 (the same scan finds a control vendor's values and planted
 * ones), while the events stay with their sequences and verifiable chains, the history, the read models and a rebuild
 * show the fields as null, other vendors keep working throughout, and the vendor can start again; a vendor's export
 * holds everything about them and nothing about anyone else; a decision racing the erasure is either stored
 * before it, and erased with the rest, or refused; and a projector's batch that failed and is tried again after the
 * erasure writes nothing its first attempt opened.
 */
class PersonalDataIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String VENDOR_ERASED = "io.marketflow.api.vendor.VendorErased";
    private static final String EVENT_TYPES = "io.marketflow.api.application.";
    /** Every personal field any stored message has. */
    private static final List<String> PERSONAL_FIELDS = List.of("businessName", "category", "vendorName", "note",
            "reason");
    /** The one live processor every read model is assigned to. */
    private static final String READ_MODELS_PROCESSOR = "projections";
    private static final String PARKING_CONSTRAINT = "personal_data_it_parks_market";
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Pattern SCANNABLE = Pattern.compile("[a-z0-9]+");

    private static FaultRig rig;
    private static Api api;

    record Organizer(String id, String token) {
    }

    record Vendor(String id, String token) {
    }

    @BeforeAll
    static void start() {
        rig = FaultRig.start("personal-data", 2, 1);
        api = new Api(rig);
    }

    @AfterAll
    static void stop() {
        if (rig != null) {
            rig.close();
        }
    }

    /**
     * Erasing one vendor while a control vendor keeps applying and being decided on in the same two markets. Before
     * the erasure a rebuild leaves a copy of the read models in {@code marketflow_retired} and one of the vendor's
     * submissions is parked in the dead-letter queue: both hold the vendor's data, and the erasure must reach them.
     */
    @Test
    void anErasedVendorsDataIsGoneFromEveryTableWhileItsEventsStayAndOtherVendorsKeepWorking() throws Exception {
        Organizer first = organizer("organizer-harbour");
        Organizer second = organizer("organizer-hill");
        UUID harbour = createMarket(first, "Harbour Market");
        UUID hill = createMarket(second, "Hill Market");
        UUID parked = createMarket(first, "Parked Market");
        UUID later = createMarket(first, "Later Market");
        Vendor erased = vendor("vendor-erased");
        Vendor control = vendor("vendor-control");

        Map<String, String> erasedValues = new LinkedHashMap<>();
        String name = put(erasedValues, "business name, first", marker("name"));
        String renamed = put(erasedValues, "business name, updated", marker("name"));
        String firstCategory = put(erasedValues, "category, first", marker("cat"));
        String category = put(erasedValues, "category, updated", marker("cat"));
        String noteHarbour = put(erasedValues, "note at Harbour", marker("note"));
        String noteHill = put(erasedValues, "note at Hill", marker("note"));
        String noteHillAgain = put(erasedValues, "second note at Hill", marker("note"));
        String noteParked = put(erasedValues, "note of the parked submission", marker("note"));
        String waitlisted = put(erasedValues, "reason for waitlisting", marker("reason"));
        String approved = put(erasedValues, "reason for approving", marker("reason"));
        String rejected = put(erasedValues, "reason for rejecting", marker("reason"));
        String controlName = marker("name");
        String controlCategory = marker("cat");
        String controlNote = marker("note");
        String controlReason = marker("reason");
        List<String> controlValues = List.of(controlName, controlCategory, controlNote, controlReason);

        // the profiles are saved through either instance: every submission reads the profile from the store
        saveProfile(0, erased, "Stall " + name, "Cat " + firstCategory, key());
        saveProfile(0, erased, "Stall " + renamed, "Cat " + category, key());
        saveProfile(1, control, "Stall " + controlName, "Cat " + controlCategory, key());
        UUID erasedAtHarbour = submit(0, erased, harbour, "Note " + noteHarbour, key());
        UUID erasedAtHill = submit(1, erased, hill, "Note " + noteHill, null);
        UUID controlAtHarbour = submit(1, control, harbour, "Note " + controlNote + " harbour", key());
        UUID controlAtHill = submit(0, control, hill, "Note " + controlNote + " hill", null);
        decided(0, first, harbour, erasedAtHarbour, "WAITLISTED", "Reason " + waitlisted);
        decided(1, first, harbour, erasedAtHarbour, "APPROVED", "Reason " + approved);
        decided(0, second, hill, erasedAtHill, "REJECTED", "Reason " + rejected);
        UUID erasedAgainAtHill = submit(0, erased, hill, "Note " + noteHillAgain, null);
        decided(1, first, harbour, controlAtHarbour, "APPROVED", "Reason " + controlReason + " harbour");
        decided(0, second, hill, controlAtHill, "WAITLISTED", "Reason " + controlReason + " hill");

        awaitProjectionsCaughtUp();
        rebuildAll();
        awaitProjectionsCaughtUp();
        Map<String, Set<String>> beforeErasure = plaintextIn(union(erasedValues.values(), controlValues));
        for (Map.Entry<String, Set<String>> found : beforeErasure.entrySet()) {
            assertThat(found.getValue()).as("places holding %s in plain text: the store keeps ciphertext only",
                    found.getKey()).noneMatch(PersonalDataIT::isEventStore);
        }
        assertThat(beforeErasure.get(renamed)).as("where the scan reads the vendor's name before the erasure")
                .contains("public.market_application.vendor_name", "marketflow_retired.market_application.vendor_name");

        int controlRounds;
        asAdmin("ALTER TABLE public.market_application ADD CONSTRAINT " + PARKING_CONSTRAINT
                + " CHECK (market_id <> '" + parked + "') NOT VALID");
        try {
            UUID erasedAtParked = submit(1, erased, parked, "Note " + noteParked, null);
            await().atMost(WAIT).until(() -> parkedLetters(parked) > 0);
            awaitProjectionsCaughtUp();

            Map<UUID, Organizer> owners = new LinkedHashMap<>();
            owners.put(harbour, first);
            owners.put(hill, second);
            owners.put(parked, first);
            Map<UUID, List<JsonNode>> historyBefore = new LinkedHashMap<>();
            owners.forEach((market, owner) -> historyBefore.put(market, history(market, owner)));
            JsonNode submittedBefore = entry(historyBefore.get(harbour), "ApplicationSubmitted", erasedAtHarbour);
            assertThat(submittedBefore.at("/payload/note").asText())
                    .as("the history shows a vendor's note until they are erased").isEqualTo("Note " + noteHarbour);
            assertThat(submittedBefore.at("/payload/vendorName").asText()).isEqualTo("Stall " + renamed);
            Map<UUID, String> statusesBefore = new LinkedHashMap<>();
            listed(harbour, first).forEach((id, item) -> statusesBefore.put(id, item.get("status").asText()));
            listed(hill, second).forEach((id, item) -> statusesBefore.put(id, item.get("status").asText()));

            // ---- the erasure, while the control vendor applies and is decided on in the same markets ----
            controlRounds = eraseWhileTheControlVendorWorks(erased, control, controlNote, controlReason,
                    new UUID[] {harbour, hill}, new Organizer[] {first, second},
                    new UUID[] {controlAtHarbour, controlAtHill});
            awaitProjectionsCaughtUp();

            assertThat(parkedLetters(parked)).as("the submission is still parked while the database is scanned")
                    .isPositive();
            Map<String, Set<String>> afterErasure = plaintextIn(union(erasedValues.values(), controlValues));
            assertThat(leaks(erasedValues, afterErasure))
                    .as("the erased vendor's values, where the scan still reads them").isEmpty();
            assertThat(afterErasure.get(controlName)).as("where the same scan reads the control vendor's name")
                    .contains("public.market_application.vendor_name");
            assertThat(afterErasure.get(controlNote)).as("where the same scan reads the control vendor's notes")
                    .contains("public.market_application.note");

            assertThat(dataKeys(erased.id())).as("the erased vendor's data keys").isNotEmpty()
                    .allSatisfy(key -> assertThat(key.destroyed()).as("%s", key).isTrue());
            assertThat(dataKeys(control.id())).as("the control vendor's data keys").isNotEmpty()
                    .allSatisfy(key -> assertThat(key.destroyed()).as("%s", key).isFalse());
            assertThat(envelopesOf(erased.id())).as("envelopes of the erased vendor").isNotEmpty()
                    .allSatisfy(envelope -> assertThat(envelope.keyDestroyed())
                            .as("%s names a destroyed key", envelope).isTrue());
            assertThat(envelopesOf(control.id())).as("envelopes of the control vendor").isNotEmpty()
                    .allSatisfy(envelope -> assertThat(envelope.keyLive())
                            .as("%s names a live key", envelope).isTrue());
            assertThat(single("SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = ?"
                    + " AND payload_type = ?", erased.id(), VENDOR_ERASED)).as("VendorErased events, two erasures")
                    .isEqualTo(1);
            assertThat(rememberedAnswers(erased.id())).as("the erased vendor's remembered answers").isZero();
            assertThat(rememberedAnswers(control.id())).as("the control vendor's remembered answers").isPositive();

            // ---- the events stay: chains, sequences, types, everything but the erased fields ----
            for (Map.Entry<UUID, Organizer> market : owners.entrySet()) {
                JsonNode integrity = integrity(market.getKey(), market.getValue());
                assertThat(integrity.get("verified").asBoolean()).as("%s", integrity).isTrue();
                assertThat(integrity.get("firstBrokenSequence").isNull()).as("%s", integrity).isTrue();
                assertThat(integrity.get("events").asLong()).as("%s", integrity)
                        .isEqualTo(storedEvents(market.getKey()));
                List<JsonNode> before = historyBefore.get(market.getKey());
                List<JsonNode> after = history(market.getKey(), market.getValue());
                assertThat(after.size()).isGreaterThanOrEqualTo(before.size());
                for (int i = 0; i < after.size(); i++) {
                    assertThat(after.get(i).get("sequence").asLong()).as("history of %s", market.getKey())
                            .isEqualTo(i);
                }
                for (int i = 0; i < before.size(); i++) {
                    assertThat(after.get(i)).as("event %d of %s after the erasure", i, market.getKey())
                            .isEqualTo(withFieldsErased(before.get(i), erased.id()));
                }
            }

            // ---- the read models: the rows stay, without the name and note ----
            await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> {
                Map<UUID, JsonNode> listedNow = new LinkedHashMap<>(listed(harbour, first));
                listedNow.putAll(listed(hill, second));
                for (UUID application : List.of(erasedAtHarbour, erasedAtHill, erasedAgainAtHill)) {
                    JsonNode item = listedNow.get(application);
                    assertThat(item).as("application %s", application).isNotNull();
                    assertErased(item, "vendorName", "note");
                    assertThat(item.get("vendorId").asText()).isEqualTo(erased.id());
                    assertThat(item.get("status").asText()).isEqualTo(statusesBefore.get(application));
                }
                assertThat(listedNow.get(controlAtHarbour).get("vendorName").asText())
                        .isEqualTo("Stall " + controlName);
                assertThat(listedNow.get(controlAtHarbour).get("note").asText())
                        .isEqualTo("Note " + controlNote + " harbour");
            });
            Map<UUID, JsonNode> asOf = asOf(harbour, first);
            assertErased(asOf.get(erasedAtHarbour), "vendorName", "note");
            assertThat(asOf.get(controlAtHarbour).get("note").asText()).isEqualTo("Note " + controlNote + " harbour");
            Set<String> own = new TreeSet<>();
            Reply ownList = api.query("/api/vendor/applications?limit=200", erased.token());
            assertThat(ownList.status()).as("%s", ownList).isEqualTo(200);
            ownList.json().get("items").forEach(item -> own.add(item.get("id").asText()));
            assertThat(own).as("the erased vendor's own applications")
                    .containsExactlyInAnyOrderElementsOf(ids(erasedAtHarbour, erasedAtHill, erasedAgainAtHill,
                            erasedAtParked));

            // ---- the parked submission, retried once its market is healed, is applied erased ----
            asAdmin("ALTER TABLE public.market_application DROP CONSTRAINT " + PARKING_CONSTRAINT);
            Reply retried = api.send(rig.querySide(), "POST", "/actuator/dead-letters/all", adminToken(), null);
            assertThat(retried.status()).as("%s", retried).isEqualTo(200);
            await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> {
                JsonNode item = listed(parked, first).get(erasedAtParked);
                assertThat(item).as("the parked submission, retried").isNotNull();
                assertErased(item, "vendorName", "note");
            });
            assertThat(parkedLetters(parked)).isZero();

            // ---- the vendor's export: no profile, the applications and events without their fields ----
            List<StoredEvent> aboutErased = storedEventsAbout(erased.id());
            await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> {
                JsonNode export = exported(erased);
                assertThat(export.has("profile") && export.get("profile").isNull()).as("profile of %s", export)
                        .isTrue();
                Map<String, JsonNode> applications = byId(export.get("applications"), "applicationId");
                assertThat(applications.keySet()).containsExactlyInAnyOrderElementsOf(ids(erasedAtHarbour,
                        erasedAtHill, erasedAgainAtHill, erasedAtParked));
                assertThat(applications.get(erasedAtHarbour.toString()).get("status").asText()).isEqualTo("APPROVED");
                assertThat(applications.get(erasedAtHill.toString()).get("status").asText()).isEqualTo("REJECTED");
                applications.values().forEach(application -> assertErased(application, "note", "reason"));
                assertEvents(export.get("events"), aboutErased);
                for (JsonNode event : export.get("events")) {
                    JsonNode payload = event.get("payload");
                    for (String field : PERSONAL_FIELDS) {
                        if (payload.has(field)) {
                            assertThat(payload.get(field).isNull()).as("%s of %s", field, event).isTrue();
                        }
                    }
                }
                assertThat(export.toString()).doesNotContain(control.id(), controlName, controlNote, controlReason);
            });
        } finally {
            asAdmin("ALTER TABLE public.market_application DROP CONSTRAINT IF EXISTS " + PARKING_CONSTRAINT);
        }

        // ---- a new reason on an erased application is refused; an empty one is not personal ----
        String refusedReason = marker("reason");
        long hillEvents = storedEvents(hill);
        for (int instance = 0; instance < 2; instance++) {
            assertProblem(decide(instance, second, hill, erasedAgainAtHill, "WAITLISTED", "Reason " + refusedReason),
                    409);
        }
        assertThat(storedEvents(hill)).as("events of Hill Market after the refusals").isEqualTo(hillEvents);
        Reply withoutReason = decide(1, second, hill, erasedAgainAtHill, "WAITLISTED", "");
        assertThat(withoutReason.status()).as("%s", withoutReason).isEqualTo(200);

        // ---- a rebuild from the events gives the same answers, and brings nothing back ----
        awaitProjectionsCaughtUp();
        Map<UUID, Organizer> rebuilt = Map.of(harbour, first, hill, second, parked, first);
        Map<UUID, Map<UUID, JsonNode>> listsBefore = new LinkedHashMap<>();
        Map<UUID, List<JsonNode>> historiesBefore = new LinkedHashMap<>();
        rebuilt.forEach((market, owner) -> {
            listsBefore.put(market, listed(market, owner));
            historiesBefore.put(market, history(market, owner));
        });
        rebuildAll();
        awaitProjectionsCaughtUp();
        rebuilt.forEach((market, owner) -> {
            assertThat(listed(market, owner)).as("applications of %s after the rebuild", market)
                    .isEqualTo(listsBefore.get(market));
            assertThat(history(market, owner)).as("history of %s after the rebuild", market)
                    .isEqualTo(historiesBefore.get(market));
        });
        put(erasedValues, "refused reason", refusedReason);
        Map<String, Set<String>> afterRebuild = plaintextIn(erasedValues.values());
        assertThat(leaks(erasedValues, afterRebuild)).as("the erased vendor's values, where the scan reads them after"
                + " the rebuild").isEmpty();

        // ---- the vendor starts again: a new profile, a new application; the old ones stay erased ----
        String newName = marker("name");
        String newNote = marker("note");
        saveProfile(0, erased, "Stall " + newName, "Cat " + marker("cat"), null);
        List<DataKey> keys = dataKeys(erased.id());
        assertThat(keys.get(keys.size() - 1).destroyed()).as("the newest of %s", keys).isFalse();
        assertThat(keys.subList(0, keys.size() - 1)).as("the older of %s", keys).isNotEmpty()
                .allSatisfy(key -> assertThat(key.destroyed()).isTrue());
        UUID fresh = submit(0, erased, later, "Note " + newNote, null);
        await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> {
            JsonNode item = listed(later, first).get(fresh);
            assertThat(item).isNotNull();
            assertThat(item.get("vendorName").asText()).isEqualTo("Stall " + newName);
            assertThat(item.get("note").asText()).isEqualTo("Note " + newNote);
            JsonNode export = exported(erased);
            assertThat(export.at("/profile/businessName").asText()).isEqualTo("Stall " + newName);
            Map<String, JsonNode> applications = byId(export.get("applications"), "applicationId");
            assertThat(applications.get(fresh.toString()).get("note").asText()).isEqualTo("Note " + newNote);
            assertErased(applications.get(erasedAtHarbour.toString()), "note", "reason");
        });
        assertErased(listed(harbour, first).get(erasedAtHarbour), "vendorName", "note");
        awaitProjectionsCaughtUp();
        Map<String, Set<String>> afterStartingAgain = plaintextIn(erasedValues.values());
        assertThat(leaks(erasedValues, afterStartingAgain)).as("the erased vendor's values, where the scan reads them"
                + " once the vendor started again").isEmpty();
        System.out.printf("personal data: erased values %d, found after the erasure 0; control rounds during the"
                + " erasure %d, refused 0%n", erasedValues.size(), controlRounds);
    }

    /**
     * Sends the erasure, then a second one, while a client keeps rejecting the control vendor's
     * application in each market in turn and the vendor applies there again; answers the rounds it completed.
     */
    private static int eraseWhileTheControlVendorWorks(Vendor erased, Vendor control, String controlNote,
                                                       String controlReason, UUID[] markets, Organizer[] owners,
                                                       UUID[] current) throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger rounds = new AtomicInteger();
        List<String> failures = new CopyOnWriteArrayList<>();
        ExecutorService pool = Executors.newSingleThreadExecutor();
        Future<?> work = pool.submit(() -> {
            for (int round = 0; !stop.get(); round++) {
                int m = round % 2;
                int instance = (round / 2) % 2;
                try {
                    Reply rejected = decide(instance, owners[m], markets[m], current[m], "REJECTED",
                            "Reason " + controlReason + " " + round);
                    if (rejected.status() / 100 != 2) {
                        failures.add(rejected.toString());
                        return;
                    }
                    Reply applied = command(1 - instance, "POST", "/api/markets/" + markets[m] + "/applications",
                            control.token(), Map.of("note", "Note " + controlNote + " " + round), null);
                    if (applied.status() != 201) {
                        failures.add(applied.toString());
                        return;
                    }
                    current[m] = applied.id();
                    rounds.incrementAndGet();
                } catch (RuntimeException e) {
                    failures.add(e.toString());
                    return;
                }
            }
        });
        try {
            await().atMost(WAIT).until(() -> rounds.get() >= 2 || !failures.isEmpty());
            Reply erasure = erase(0, erased);
            assertThat(erasure.status()).as("%s", erasure).isEqualTo(204);
            int atErasure = rounds.get();
            await().atMost(WAIT).until(() -> rounds.get() >= atErasure + 2 || !failures.isEmpty());
            // to the same instance: the other one keeps the vendor as it last saw them, before the erasure
            Reply again = erase(0, erased);
            assertThat(again.status()).as("the second erasure: %s", again).isEqualTo(204);
        } finally {
            stop.set(true);
            pool.shutdown();
            assertThat(pool.awaitTermination(1, TimeUnit.MINUTES)).isTrue();
        }
        work.get();
        assertThat(failures).as("the control vendor's commands around the erasure").isEmpty();
        return rounds.get();
    }

    /**
     * A vendor erased through one instance who makes a new profile there, then applies through the other instance,
     * which last saw them before the erasure: that instance must not bring back what it kept of them.
     */
    @Test
    void whatAnotherInstanceKeptOfAVendorDoesNotComeBackWhenTheyStartAgain() throws Exception {
        Organizer owner = organizer("organizer-again");
        UUID before = createMarket(owner, "Before Market");
        UUID afterwards = createMarket(owner, "Afterwards Market");
        UUID elsewhere = createMarket(owner, "Elsewhere Market");
        Vendor vendor = vendor("vendor-again");
        Map<String, String> erasedValues = new LinkedHashMap<>();
        String name = put(erasedValues, "business name", marker("name"));
        put(erasedValues, "category", marker("cat"));
        String note = put(erasedValues, "note", marker("note"));
        saveProfile(0, vendor, "Stall " + name, "Cat " + erasedValues.get("category"), null);
        UUID old = submit(1, vendor, before, "Note " + note, null); // instance 1 now holds the vendor's profile
        assertThat(erase(0, vendor).status()).isEqualTo(204);
        String newName = marker("name");
        saveProfile(0, vendor, "Stall " + newName, "Cat " + marker("cat"), null);
        UUID throughTheFirst = submit(0, vendor, afterwards, "Note " + marker("note"), null);

        Reply throughTheOther = command(1, "POST", "/api/markets/" + elsewhere + "/applications", vendor.token(),
                Map.of("note", "Note " + marker("note")), null);

        awaitProjectionsCaughtUp();
        assertThat(listed(afterwards, owner).get(throughTheFirst).get("vendorName").asText())
                .isEqualTo("Stall " + newName);
        assertThat(throughTheOther.status()).as("%s", throughTheOther).isEqualTo(201);
        assertThat(listed(elsewhere, owner).get(throughTheOther.id()).get("vendorName").asText())
                .as("the name a submission through the other instance carries").isEqualTo("Stall " + newName);
        assertErased(listed(before, owner).get(old), "vendorName", "note");
        assertThat(leaks(erasedValues, plaintextIn(erasedValues.values())))
                .as("the erased vendor's values, where the scan reads them once the vendor started again").isEmpty();
    }

    /**
     * A vendor renamed through one instance, then applying through the other, which kept their profile from before the
     * rename: the application carries the new name, not the one that instance kept.
     */
    @Test
    void aNameChangedThroughOneInstanceIsTheNameASubmissionThroughTheOtherCarries() {
        Organizer owner = organizer("organizer-renamed");
        UUID first = createMarket(owner, "First Market");
        UUID second = createMarket(owner, "Second Market");
        Vendor vendor = vendor("vendor-renamed");
        String category = "Cat " + marker("cat");
        String oldName = "Stall " + marker("name");
        saveProfile(0, vendor, oldName, category, null);
        UUID before = submit(1, vendor, first, "Note " + marker("note"), null); // instance 1 now holds the profile
        String newName = "Stall " + marker("name");
        saveProfile(0, vendor, newName, category, null);

        UUID after = submit(1, vendor, second, "Note " + marker("note"), null);

        awaitProjectionsCaughtUp();
        assertThat(listed(first, owner).get(before).get("vendorName").asText()).isEqualTo(oldName);
        assertThat(listed(second, owner).get(after).get("vendorName").asText())
                .as("the name a submission through the other instance carries after a rename").isEqualTo(newName);
    }

    /**
     * A command that waits for a vendor's key, as every command does while the vendor's erasure holds it, waits before
     * it takes any aggregate: neither the vendor's submission nor a decision on their application keeps their market
     * from deciding on other vendors meanwhile, and both go through once the key is let go.
     */
    @Test
    void aCommandWaitingForAVendorsKeyKeepsNoMarketWaiting() throws Exception {
        Organizer owner = organizer("organizer-key-first");
        UUID market = createMarket(owner, "Key First Market");
        Vendor waiting = vendor("vendor-key-waits");
        Vendor other = vendor("vendor-key-free");
        saveProfile(0, waiting, "Stall " + marker("name"), "Cat " + marker("cat"), null);
        saveProfile(0, other, "Stall " + marker("name"), "Cat " + marker("cat"), null);
        UUID othersApplication = submit(0, other, market, "Note " + marker("note"), null);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<Reply> submission = whileKeyIsHeld(waiting, pool, () -> command(0, "POST",
                    "/api/markets/" + market + "/applications", waiting.token(),
                    Map.of("note", "Note " + marker("note")), null), () -> {
                decided(0, owner, market, othersApplication, "WAITLISTED", "Reason " + marker("reason"));
                return "a decision on another vendor's application";
            });
            Reply submitted = submission.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(submitted.status()).as("%s", submitted).isEqualTo(201);

            Future<Reply> decision = whileKeyIsHeld(waiting, pool,
                    () -> decide(0, owner, market, submitted.id(), "APPROVED", "Reason " + marker("reason")), () -> {
                decided(0, owner, market, othersApplication, "APPROVED", "Reason " + marker("reason"));
                return "a decision on another vendor's application";
            });
            Reply approved = decision.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(approved.status()).as("%s", approved).isEqualTo(200);
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Sends {@code blocked} while the admin holds {@code vendor}'s key rows as an erasure does, waits until it waits
     * for them, then runs {@code meanwhile}, which must end while {@code blocked} still waits; answers {@code blocked}
     * once the rows are let go.
     */
    private static Future<Reply> whileKeyIsHeld(Vendor vendor, ExecutorService pool, Callable<Reply> blocked,
                                                Callable<String> meanwhile) throws Exception {
        try (Connection holder = admin(); PreparedStatement hold = holder.prepareStatement(
                "SELECT generation FROM vendor_data_key WHERE vendor_id = ? FOR UPDATE")) {
            holder.setAutoCommit(false);
            hold.setString(1, vendor.id());
            hold.executeQuery().close();
            Future<Reply> waiting = pool.submit(blocked);
            backendWaitingFor("marketflow_command", "vendor_data_key%FOR SHARE");
            String done = meanwhile.call();
            assertThat(waiting.isDone()).as("%s must end while a command waiting for a key of %s still waits,"
                    + " not after it", done, vendor.id()).isFalse();
            holder.rollback();
            return waiting;
        }
    }

    /**
     * A command opens only the personal fields an aggregate keeps: the other instance, which loads the vendor's
     * profile from its events, must find the name and category it keeps, or an unchanged profile would be saved again
     * as a change and a submission would carry no name.
     */
    @Test
    void theOtherInstanceLoadingAProfileFromItsEventsOpensWhatItKeeps() {
        Organizer owner = organizer("organizer-loaded");
        UUID market = createMarket(owner, "Loaded Market");
        Vendor vendor = vendor("vendor-loaded");
        String name = "Stall " + marker("name");
        String category = "Cat " + marker("cat");
        saveProfile(0, vendor, name, category, null);

        saveProfile(1, vendor, name, category, null);
        UUID submitted = submit(1, vendor, market, "Note " + marker("note"), null);

        assertThat(single("SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = ?", vendor.id()))
                .as("the vendor's events after the same profile was saved again through the other instance")
                .isEqualTo(1);
        awaitProjectionsCaughtUp();
        assertThat(listed(market, owner).get(submitted).get("vendorName").asText()).isEqualTo(name);
    }

    @Test
    void aVendorsExportHoldsEverythingAboutThemAndNothingAboutAnyoneElse() {
        Organizer owner = organizer("organizer-export");
        Organizer other = organizer("organizer-export-other");
        UUID marketA = createMarket(owner, "Export Market A");
        UUID marketB = createMarket(other, "Export Market B");
        Vendor caller = vendor("vendor-export");
        Vendor neighbour = vendor("vendor-neighbour");
        String name = marker("name");
        String category = marker("cat");
        String renamed = marker("name");
        String recategorized = marker("cat");
        String noteA = marker("note");
        String noteB = marker("note");
        String reasonA = marker("reason");
        String reasonB = marker("reason");
        List<String> neighbours = List.of(marker("name"), marker("cat"), marker("note"), marker("reason"));

        saveProfile(0, caller, "Stall " + name, "Cat " + category, null);
        saveProfile(0, caller, "Stall " + renamed, "Cat " + recategorized, key()); // through one instance, see above
        saveProfile(0, neighbour, "Stall " + neighbours.get(0), "Cat " + neighbours.get(1), null);
        UUID atA = submit(0, caller, marketA, "Note " + noteA, null);
        UUID atB = submit(1, caller, marketB, "Note " + noteB, key());
        UUID neighbourAtA = submit(1, neighbour, marketA, "Note " + neighbours.get(2) + " a", null);
        UUID neighbourAtB = submit(0, neighbour, marketB, "Note " + neighbours.get(2) + " b", null);
        decided(0, owner, marketA, atA, "APPROVED", "Reason " + reasonA);
        decided(1, other, marketB, atB, "WAITLISTED", "Reason " + reasonB);
        decided(1, owner, marketA, neighbourAtA, "REJECTED", "Reason " + neighbours.get(3) + " a");
        decided(0, other, marketB, neighbourAtB, "APPROVED", "Reason " + neighbours.get(3) + " b");
        List<StoredEvent> about = storedEventsAbout(caller.id());
        assertThat(about).extracting(StoredEvent::simpleType).containsExactlyInAnyOrder("VendorProfileRegistered",
                "VendorProfileUpdated", "ApplicationSubmitted", "ApplicationSubmitted", "ApplicationApproved",
                "ApplicationWaitlisted");

        await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> {
            JsonNode export = exported(caller);
            assertThat(export.at("/profile/businessName").asText()).isEqualTo("Stall " + renamed);
            assertThat(export.at("/profile/category").asText()).isEqualTo("Cat " + recategorized);

            Map<String, JsonNode> applications = byId(export.get("applications"), "applicationId");
            assertThat(applications.keySet()).containsExactlyInAnyOrderElementsOf(ids(atA, atB));
            assertApplication(applications.get(atA.toString()), marketA, "Export Market A", "APPROVED",
                    "Note " + noteA, "Reason " + reasonA);
            assertApplication(applications.get(atB.toString()), marketB, "Export Market B", "WAITLISTED",
                    "Note " + noteB, "Reason " + reasonB);

            JsonNode events = export.get("events");
            assertEvents(events, about);
            for (JsonNode event : events) {
                JsonNode payload = event.get("payload");
                String application = idText(payload.get("applicationId"));
                switch (simpleName(event.get("type").asText())) {
                    case "VendorProfileRegistered" -> {
                        assertThat(payload.get("businessName").asText()).isEqualTo("Stall " + name);
                        assertThat(payload.get("category").asText()).isEqualTo("Cat " + category);
                    }
                    case "VendorProfileUpdated" -> {
                        assertThat(payload.get("businessName").asText()).isEqualTo("Stall " + renamed);
                        assertThat(payload.get("category").asText()).isEqualTo("Cat " + recategorized);
                    }
                    case "ApplicationSubmitted" -> {
                        assertThat(payload.get("vendorName").asText()).isEqualTo("Stall " + renamed);
                        assertThat(payload.get("note").asText())
                                .isEqualTo(application.equals(atA.toString()) ? "Note " + noteA : "Note " + noteB);
                    }
                    case "ApplicationApproved" -> assertThat(payload.get("reason").asText())
                            .isEqualTo("Reason " + reasonA);
                    case "ApplicationWaitlisted" -> assertThat(payload.get("reason").asText())
                            .isEqualTo("Reason " + reasonB);
                    default -> throw new AssertionError("an event the caller did not cause: " + event);
                }
            }
        });

        String body = exported(caller).toString();
        assertThat(body).as("the export, read for another vendor's values").doesNotContain(neighbour.id())
                .doesNotContain(neighbours.toArray(new String[0]))
                .doesNotContain(neighbourAtA.toString(), neighbourAtB.toString());

        assertProblem(api.query("/api/vendor/export", owner.token()), 403);
        assertProblem(api.query("/api/vendor/export", api.auditor(Api.someone("auditor"), owner.id())), 403);
        Reply anonymous = api.query("/api/vendor/export", null);
        assertProblem(anonymous, 401);
        assertThat(anonymous.header("WWW-Authenticate")).as("%s", anonymous).startsWith("Bearer");

        JsonNode unknown = exported(vendor("vendor-unknown"));
        assertThat(unknown.has("profile") && unknown.get("profile").isNull()).as("%s", unknown).isTrue();
        assertThat(unknown.get("applications")).as("%s", unknown).isEmpty();
        assertThat(unknown.get("events")).as("%s", unknown).isEmpty();
    }

    /** A command sent while the erasure runs, how it was answered, and when it was sent and answered (nanoTime). */
    record Sent(UUID application, String expectedType, Reply reply, long sentAt, long answeredAt) {
    }

    @Test
    void commandsRacingAnErasureAreEitherStoredBeforeItAndErasedWithItOrRefused() throws Exception {
        Organizer owner = organizer("organizer-race");
        Vendor racer = vendor("vendor-race");
        String name = marker("name");
        String category = marker("cat");
        String note = marker("note");
        String reason = marker("reason");
        saveProfile(0, racer, "Stall " + name, "Cat " + category, key());
        int deciders = 4;
        List<UUID> markets = new ArrayList<>();
        List<UUID> applications = new ArrayList<>();
        for (int i = 0; i < 2 * deciders; i++) {
            UUID market = createMarket(owner, "Race Market " + i);
            markets.add(market);
            applications.add(submit(i % 2, racer, market, "Note " + note + " " + i, null));
        }
        List<UUID> spareMarkets = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            spareMarkets.add(createMarket(owner, "Spare Market " + i));
        }
        String[] decisions = {"WAITLISTED", "APPROVED", "REJECTED"};
        String[] decisionTypes = {"ApplicationWaitlisted", "ApplicationApproved", "ApplicationRejected"};
        AtomicIntegerArray steps = new AtomicIntegerArray(applications.size());
        List<Sent> sent = new CopyOnWriteArrayList<>();
        List<String> failures = new CopyOnWriteArrayList<>();
        AtomicInteger stored = new AtomicInteger();
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(deciders + 1);
        List<Future<?>> work = new ArrayList<>();
        for (int t = 0; t < deciders; t++) {
            int decider = t;
            work.add(pool.submit(() -> {
                for (int attempt = 0; !stop.get(); attempt++) {
                    int a = decider + deciders * (attempt % 2); // each decider has two applications of its own
                    int step = steps.get(a);
                    if (step >= decisions.length) {
                        if (steps.get(decider) >= 3 && steps.get(decider + deciders) >= 3) {
                            return;
                        }
                        continue;
                    }
                    try {
                        long sentAt = System.nanoTime();
                        Reply reply = decide(decider % 2, owner, markets.get(a), applications.get(a), decisions[step],
                                "Reason " + reason + " " + decider + "-" + attempt);
                        sent.add(new Sent(applications.get(a), decisionTypes[step], reply, sentAt, System.nanoTime()));
                        if (reply.status() / 100 == 2) {
                            steps.set(a, step + 1);
                            stored.incrementAndGet();
                        }
                    } catch (RuntimeException e) {
                        failures.add(e.toString());
                        return;
                    }
                    pause(Duration.ofMillis(10));
                }
            }));
        }
        work.add(pool.submit(() -> {
            int market = 0;
            for (int attempt = 0; !stop.get() && market < spareMarkets.size(); attempt++) {
                try {
                    long sentAt = System.nanoTime();
                    Reply reply = command(1, "POST", "/api/markets/" + spareMarkets.get(market) + "/applications",
                            racer.token(), Map.of("note", "Note " + note + " late " + attempt), null);
                    sent.add(new Sent(reply.status() == 201 ? reply.id() : null, "ApplicationSubmitted", reply,
                            sentAt, System.nanoTime()));
                    if (reply.status() == 201) {
                        market++;
                    }
                } catch (RuntimeException e) {
                    failures.add(e.toString());
                    return;
                }
                pause(Duration.ofMillis(10));
            }
        }));
        long erasureSentAt;
        try {
            await().atMost(WAIT).until(() -> stored.get() >= 3 || !failures.isEmpty());
            erasureSentAt = System.nanoTime();
            Reply erasure = erase(0, racer);
            assertThat(erasure.status()).as("%s", erasure).isEqualTo(204);
            pause(Duration.ofMillis(400));
        } finally {
            stop.set(true);
            pool.shutdown();
            assertThat(pool.awaitTermination(1, TimeUnit.MINUTES)).isTrue();
        }
        for (Future<?> client : work) {
            client.get();
        }
        assertThat(failures).as("requests that got no answer").isEmpty();
        // the instance whose submissions cached the vendor before the erasure finds them erased all the same
        Reply again = erase(1, racer);
        assertThat(again.status()).as("%s", again).isEqualTo(204);

        assertThat(single("SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = ? AND payload_type = ?",
                racer.id(), VENDOR_ERASED)).isEqualTo(1);
        long erasedAt = single("SELECT global_index FROM domain_event_entry WHERE aggregate_identifier = ?"
                + " AND payload_type = ?", racer.id(), VENDOR_ERASED);
        int acknowledged = 0;
        int refused = 0;
        for (Sent answer : sent) {
            Reply reply = answer.reply();
            if (reply.status() / 100 == 2) {
                acknowledged++;
                long position = Long.parseLong(reply.header("X-Event-Position"));
                assertThat(position).as("position of %s, VendorErased at %d", reply, erasedAt).isLessThan(erasedAt);
                assertThat(single("SELECT count(*) FROM domain_event_entry WHERE global_index = ? AND payload_type = ?"
                                + " AND convert_from(payload, 'UTF8')::jsonb #>> '{applicationId,value}' = ?",
                        position, EVENT_TYPES + answer.expectedType(), answer.application().toString()))
                        .as("the event of %s at its position", reply).isEqualTo(1);
            } else {
                assertProblem(reply, 409);
                // every command is allowed by the application's state: only the erasure refuses one
                assertThat(answer.answeredAt()).as("when %s was answered, against the erasure's sending", reply)
                        .isGreaterThan(erasureSentAt);
                refused++;
            }
        }
        assertThat(acknowledged).as("commands stored before the erasure").isGreaterThanOrEqualTo(3);
        assertThat(refused).as("commands refused after the erasure").isPositive();
        assertThat(single("""
                SELECT count(*) FROM domain_event_entry WHERE global_index > ? AND type = 'Market'
                  AND convert_from(payload, 'UTF8')::jsonb #>> '{vendor,value}' = ?""", erasedAt, racer.id()))
                .as("market events about the vendor after their erasure").isZero();

        awaitProjectionsCaughtUp();
        Map<String, Set<String>> found = plaintextIn(List.of(name, category, note, reason));
        assertThat(found).as("places holding the raced vendor's values").isEmpty();
        assertThat(envelopesOf(racer.id())).as("envelopes of the raced vendor").isNotEmpty()
                .allSatisfy(envelope -> assertThat(envelope.keyDestroyed())
                        .as("%s names a destroyed key", envelope).isTrue());
        assertThat(dataKeys(racer.id())).isNotEmpty().allSatisfy(key -> assertThat(key.destroyed()).isTrue());
        for (int a = 0; a < applications.size(); a++) {
            int step = steps.get(a);
            JsonNode item = listed(markets.get(a), owner).get(applications.get(a));
            assertErased(item, "vendorName", "note");
            assertThat(item.get("status").asText()).as("%s", item)
                    .isEqualTo(step == 0 ? "SUBMITTED" : decisions[step - 1]);
        }
        System.out.printf("personal data race: %d decisions and submissions during the erasure, stored before it %d,"
                + " refused %d, stored after it 0%n", sent.size(), acknowledged, refused);
    }

    /**
     * A projector's batch that opened a submission under its vendor's key and then failed lets the key go: the vendor
     * is erased, and the erasure is projected in another segment, before the batch is tried again. The retry must
     * open the submission again in its own transaction and find it erased, not write what the failed attempt opened:
     * the event store's cache hands the retry the very event objects the first attempt read.
     */
    @Test
    void aBatchTriedAgainAfterItsVendorWasErasedOpensItsEventsAgain() throws Exception {
        Organizer owner = organizer("organizer-retried");
        Vendor retried = vendor("vendor-retried");
        String name = marker("name");
        String note = marker("note");
        saveProfile(0, retried, "Stall " + name, "Cat " + marker("cat"), null);
        UUID market = marketInAnotherSegmentThan(owner, retried.id());
        // the market's counts row is written before the table is held
        awaitProjectionsCaughtUp();
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (Connection holder = admin(); Statement hold = holder.createStatement()) {
            holder.setAutoCommit(false);
            // the submission's batch opens it and writes its application, then waits to write the market's count
            hold.execute("LOCK TABLE market_counts IN SHARE MODE");
            UUID application = submit(0, retried, market, "Note " + note, null);
            int batch = backendWaitingFor("marketflow_projector", "market_counts");
            Future<Reply> erasure = pool.submit(() -> erase(1, retried));
            backendWaitingFor("marketflow_command", "vendor_data_key");
            assertThat(erasure.isDone()).as("the erasure waits for the batch holding the key").isFalse();
            try (PreparedStatement terminate = holder.prepareStatement("SELECT pg_terminate_backend(?)")) {
                terminate.setInt(1, batch);
                terminate.executeQuery().close();
            }
            Reply erased = erasure.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(erased.status()).as("%s", erased).isEqualTo(204);
            await().atMost(WAIT).pollInterval(Duration.ofMillis(50)).until(() -> single(
                    "SELECT count(*) FROM vendor_event WHERE aggregate_id = ? AND type = 'VendorErased'",
                    retried.id()) == 1);
            assertThat(single("SELECT count(*) FROM market_application WHERE application_id = ?", application))
                    .as("the retried batch is not committed before the erasure was projected").isZero();
            holder.commit();
        } finally {
            pool.shutdownNow();
        }
        awaitProjectionsCaughtUp();
        assertThat(plaintextIn(List.of(name, note))).as("places holding the retried batch's values").isEmpty();
        assertThat(listed(market, owner).values()).singleElement()
                .satisfies(item -> assertErased(item, "vendorName", "note"));
    }

    /**
     * A new market of {@code owner} whose events the live processor handles in another segment than
     * {@code aggregate}'s: both are sequenced per aggregate, and a segment takes the identifiers whose hash, masked
     * by the segment count (a power of two, none split or merged), is its id.
     */
    private static UUID marketInAnotherSegmentThan(Organizer owner, String aggregate) {
        int mask = (int) single("SELECT count(*) FROM token_entry WHERE processor_name = ?", READ_MODELS_PROCESSOR)
                - 1;
        assertThat(Integer.bitCount(mask + 1)).as("segments of %s", READ_MODELS_PROCESSOR).isEqualTo(1);
        for (int i = 0; i < 40; i++) {
            UUID market = createMarket(owner, "Segment Market " + i);
            if ((market.toString().hashCode() & mask) != (aggregate.hashCode() & mask)) {
                return market;
            }
        }
        throw new AssertionError("no market in another segment than " + aggregate + " in 40");
    }

    /** The process id of a backend of {@code role} waiting for a lock in a statement that matches {@code like}. */
    private static int backendWaitingFor(String role, String like) {
        AtomicInteger pid = new AtomicInteger();
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20)).until(() -> {
            pid.set((int) single("""
                    SELECT coalesce(min(pid), 0) FROM pg_stat_activity
                    WHERE usename = ? AND wait_event_type = 'Lock' AND query LIKE ?""", role, "%" + like + "%"));
            return pid.get() != 0;
        });
        return pid.get();
    }

    /** The scan itself: it finds planted values in every form it reads, and nothing that is not there. */
    @Test
    void theScanFindsValuesInEveryFormItReads() throws SQLException {
        String plain = marker("plain");
        String shouted = marker("shouted");
        String binary = marker("binary");
        String encoded = marker("encoded");
        String hexed = marker("hexed");
        String nested = marker("nested");
        String absent = marker("absent");
        Map<String, Set<String>> found;
        try (Connection connection = admin()) {
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE SCHEMA personal_data_it_probe");
                statement.execute("CREATE TABLE personal_data_it_probe.planted (words text, raw bytea, doc jsonb,"
                        + " packed text)");
                statement.execute("INSERT INTO personal_data_it_probe.planted VALUES ('before " + plain + " after',"
                        + " '\\xfffe00'::bytea || convert_to('" + binary + "', 'UTF8') || '\\xc3'::bytea,"
                        + " '{\"k\": [\"" + nested + "\"]}', '"
                        + Base64.getEncoder().encodeToString(("xy" + encoded + "z").getBytes(UTF_8)) + "')");
                statement.execute("INSERT INTO personal_data_it_probe.planted (words, packed) VALUES ('"
                        + shouted.toUpperCase() + "', 'hex: " + HexFormat.of().formatHex(hexed.getBytes(UTF_8)) + "')");
            }
            found = plaintextIn(connection, List.of(plain, shouted, binary, encoded, hexed, nested, absent));
            connection.rollback();
        }
        assertThat(found.get(plain)).containsExactly("personal_data_it_probe.planted.words");
        assertThat(found.get(shouted)).containsExactly("personal_data_it_probe.planted.words");
        assertThat(found.get(binary)).containsExactly("personal_data_it_probe.planted.raw");
        assertThat(found.get(encoded)).containsExactly("personal_data_it_probe.planted.packed");
        assertThat(found.get(hexed)).containsExactly("personal_data_it_probe.planted.packed");
        assertThat(found.get(nested)).containsExactly("personal_data_it_probe.planted.doc");
        assertThat(found).doesNotContainKey(absent);
    }

    // ---- the scan of the whole database ----

    private static Map<String, Set<String>> plaintextIn(Collection<String> values) throws SQLException {
        try (Connection connection = admin()) {
            return plaintextIn(connection, values);
        }
    }

    /**
     * Where each of {@code values} can be read anywhere in the database, as {@code schema.table.column}: every
     * column of every table and materialized view of every schema but PostgreSQL's own (from {@code pg_class}, which
     * unlike {@code information_schema} lists materialized views too), read as the superuser, whom row-level security
     * does not hide rows from. Other columns are read as their text form; {@code bytea} as hex and as text (each
     * invalid byte escaped, so nothing fails to decode); both also for the value's base64 at each of its three
     * alignments. Values found nowhere are left out.
     */
    static Map<String, Set<String>> plaintextIn(Connection connection, Collection<String> values) throws SQLException {
        List<String> wanted = List.copyOf(new LinkedHashSet<>(values));
        for (String value : wanted) {
            assertThat(value).as("a value the scan can put in a pattern as it is").matches(SCANNABLE);
        }
        Map<String, List<Column>> tables = new LinkedHashMap<>();
        try (Statement statement = connection.createStatement();
             ResultSet columns = statement.executeQuery("""
                     SELECT n.nspname, c.relname, a.attname, a.atttypid = 'bytea'::regtype
                     FROM pg_class c
                     JOIN pg_namespace n ON n.oid = c.relnamespace
                     JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
                     WHERE c.relkind IN ('r', 'p', 'm')
                       AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'
                     ORDER BY n.nspname, c.relname, a.attnum""")) {
            while (columns.next()) {
                String schema = columns.getString(1);
                String table = columns.getString(2);
                String column = columns.getString(3);
                tables.computeIfAbsent(quoted(schema) + "." + quoted(table), name -> new ArrayList<>())
                        .add(new Column(schema + "." + table + "." + column, quoted(column), columns.getBoolean(4)));
            }
        }
        assertThat(tables).as("tables to scan").containsKey("\"public\".\"domain_event_entry\"");
        Map<String, Set<String>> found = new LinkedHashMap<>();
        for (Map.Entry<String, List<Column>> table : tables.entrySet()) {
            List<String[]> probes = new ArrayList<>(); // location and value, one per count in the select list
            List<String> counts = new ArrayList<>();
            for (Column column : table.getValue()) {
                for (String value : wanted) {
                    counts.add("count(*) FILTER (WHERE " + readsAs(column.name(), column.bytea(), value) + ")");
                    probes.add(new String[] {column.location(), value});
                }
            }
            // a select list holds at most 1,664 entries
            for (int from = 0; from < counts.size(); from += 1000) {
                int to = Math.min(counts.size(), from + 1000);
                String sql = "SELECT " + String.join(", ", counts.subList(from, to)) + " FROM " + table.getKey();
                try (Statement statement = connection.createStatement();
                     ResultSet result = statement.executeQuery(sql)) {
                    result.next();
                    for (int i = from; i < to; i++) {
                        if (result.getLong(i - from + 1) > 0) {
                            found.computeIfAbsent(probes.get(i)[1], value -> new TreeSet<>()).add(probes.get(i)[0]);
                        }
                    }
                }
            }
        }
        return found;
    }

    /** A column to scan: where it is, its name as SQL writes it, and whether it holds bytes. */
    private record Column(String location, String name, boolean bytea) {
    }

    /** Those of {@code values} (what each is, to the value) that {@code found} holds: "what (value)" to places. */
    private static Map<String, Set<String>> leaks(Map<String, String> values, Map<String, Set<String>> found) {
        Map<String, Set<String>> leaks = new LinkedHashMap<>();
        values.forEach((what, value) -> {
            if (found.containsKey(value)) {
                leaks.put(what + " (" + value + ")", found.get(value));
            }
        });
        return leaks;
    }

    /** The condition under which {@code column} holds {@code value} in any form the scan reads. */
    private static String readsAs(String column, boolean bytea, String value) {
        String hex = HexFormat.of().formatHex(value.getBytes(UTF_8));
        List<String> forms = new ArrayList<>();
        String text;
        if (bytea) {
            forms.add("encode(" + column + ", 'hex') LIKE '%" + hex + "%'");
            text = "encode(" + column + ", 'escape')";
        } else {
            text = "(" + column + ")::text";
            forms.add(text + " ILIKE '%" + hex + "%'");
        }
        forms.add(text + " ILIKE '%" + value + "%'");
        for (String base64 : base64Forms(value)) {
            forms.add(text + " LIKE '%" + base64 + "%'");
        }
        return String.join(" OR ", forms);
    }

    /** The base64 characters {@code value} always encodes to, wherever it starts in the encoded bytes. */
    static List<String> base64Forms(String value) {
        byte[] bytes = value.getBytes(UTF_8);
        List<String> forms = new ArrayList<>();
        for (int offset = 0; offset < 3; offset++) {
            byte[] shifted = new byte[offset + bytes.length];
            System.arraycopy(bytes, 0, shifted, offset, bytes.length);
            String encoded = Base64.getEncoder().encodeToString(shifted);
            int firstWholeGroup = (offset + 2) / 3; // the first 3-byte group made of the value's bytes alone
            int endOfWholeGroups = (offset + bytes.length) / 3;
            forms.add(encoded.substring(firstWholeGroup * 4, endOfWholeGroups * 4));
        }
        return forms;
    }

    private static String quoted(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    private static boolean isEventStore(String location) {
        return location.startsWith("public.domain_event_entry.") || location.startsWith("public.snapshot_event_entry.");
    }

    // ---- what the store holds, read as the superuser ----

    /** A personal field as stored: the vendor it names, the key generation, and that key's state. */
    record Envelope(String table, String row, String vendor, String generation, boolean keyExists,
                    boolean keyDestroyed) {
        boolean keyLive() {
            return keyExists && !keyDestroyed;
        }
    }

    /** Every envelope naming {@code vendor} in the stored events, snapshots and parked events. */
    private static List<Envelope> envelopesOf(String vendor) throws SQLException {
        Map<String, String> tables = Map.of("domain_event_entry", "e.global_index::text",
                "snapshot_event_entry", "e.aggregate_identifier || ':' || e.sequence_number",
                "dead_letter_entry", "e.dead_letter_identifier");
        List<Envelope> envelopes = new ArrayList<>();
        try (Connection connection = admin()) {
            for (Map.Entry<String, String> table : tables.entrySet()) {
                try (PreparedStatement select = connection.prepareStatement("""
                        SELECT %2$s, found.env ->> 'key', k.vendor_id IS NOT NULL, k.wrapped_key IS NULL
                        FROM %1$s e
                        CROSS JOIN LATERAL jsonb_path_query(convert_from(e.payload, 'UTF8')::jsonb, 'strict $.**')
                            AS found(env)
                        LEFT JOIN vendor_data_key k
                            ON k.vendor_id = found.env ->> 'vendor' AND k.generation::text = found.env ->> 'key'
                        WHERE position(convert_to(?, 'UTF8') IN e.payload) > 0
                          AND jsonb_typeof(found.env) = 'object' AND found.env -> 'personal' IS NOT NULL
                          AND found.env ->> 'vendor' = ?""".formatted(table.getKey(), table.getValue()))) {
                    select.setString(1, vendor);
                    select.setString(2, vendor);
                    try (ResultSet rows = select.executeQuery()) {
                        while (rows.next()) {
                            envelopes.add(new Envelope(table.getKey(), rows.getString(1), vendor, rows.getString(2),
                                    rows.getBoolean(3), rows.getBoolean(4)));
                        }
                    }
                }
            }
        }
        return envelopes;
    }

    record DataKey(int generation, boolean wrappedKeyGone, boolean destroyedAtSet) {
        boolean destroyed() {
            return wrappedKeyGone && destroyedAtSet;
        }
    }

    private static List<DataKey> dataKeys(String vendor) throws SQLException {
        List<DataKey> keys = new ArrayList<>();
        try (Connection connection = admin();
             PreparedStatement select = connection.prepareStatement("""
                     SELECT generation, wrapped_key IS NULL, destroyed_at IS NOT NULL FROM vendor_data_key
                     WHERE vendor_id = ? ORDER BY generation""")) {
            select.setString(1, vendor);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    keys.add(new DataKey(rows.getInt(1), rows.getBoolean(2), rows.getBoolean(3)));
                }
            }
        }
        return keys;
    }

    /** A stored event about a vendor: one of its own aggregate's, or a market's that names it. */
    record StoredEvent(long position, String aggregate, long sequence, String payloadType) {
        String simpleType() {
            return simpleName(payloadType);
        }
    }

    private static List<StoredEvent> storedEventsAbout(String vendor) {
        List<StoredEvent> events = new ArrayList<>();
        try (Connection connection = admin();
             PreparedStatement select = connection.prepareStatement("""
                     SELECT global_index, aggregate_identifier, sequence_number, payload_type FROM domain_event_entry
                     WHERE aggregate_identifier = ? OR convert_from(payload, 'UTF8')::jsonb #>> '{vendor,value}' = ?
                     ORDER BY global_index""")) {
            select.setString(1, vendor);
            select.setString(2, vendor);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    events.add(new StoredEvent(rows.getLong(1), rows.getString(2), rows.getLong(3), rows.getString(4)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return events;
    }

    private static long storedEvents(UUID aggregate) {
        return single("SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = ?", aggregate.toString());
    }

    private static long rememberedAnswers(String caller) {
        return single("SELECT count(*) FROM idempotency_key WHERE caller = ?", caller);
    }

    private static long parkedLetters(UUID market) {
        return single("SELECT count(*) FROM dead_letter_entry WHERE processing_group = 'market-applications'"
                + " AND sequence_identifier = ?", market.toString());
    }

    private static Connection admin() throws SQLException {
        return rig.connectAs(rig.admin().user());
    }

    private static void asAdmin(String sql) throws SQLException {
        try (Connection connection = admin(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static long single(String sql, Object... parameters) {
        try (Connection connection = admin(); PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            try (ResultSet result = statement.executeQuery()) {
                assertThat(result.next()).as("a row from %s", sql).isTrue();
                return result.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Waits until every segment of the live processor has passed the store's last event. */
    private static void awaitProjectionsCaughtUp() {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
            try (Connection connection = admin();
                 PreparedStatement behind = connection.prepareStatement("""
                         SELECT count(*), count(*) FILTER (WHERE
                             coalesce((convert_from(token, 'UTF8')::jsonb ->> 'index')::bigint, -1)
                             < (SELECT coalesce(max(global_index), 0) FROM domain_event_entry))
                         FROM token_entry WHERE processor_name = ?""")) {
                behind.setString(1, READ_MODELS_PROCESSOR);
                try (ResultSet counts = behind.executeQuery()) {
                    counts.next();
                    return counts.getLong(1) >= 4 && counts.getLong(2) == 0;
                }
            }
        });
    }

    // ---- the operator's endpoints ----

    private static void rebuildAll() {
        String admin = adminToken();
        Reply started = api.send(rig.querySide(), "POST", "/actuator/rebuild/all", admin, null);
        assertThat(started.status()).as("%s", started).isEqualTo(202);
        AtomicReference<JsonNode> last = new AtomicReference<>();
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200)).until(() -> {
            Reply status = api.send(rig.querySide(), "GET", "/actuator/rebuild", admin, null);
            assertThat(status.status()).as("%s", status).isEqualTo(200);
            last.set(status.json());
            return status.json().hasNonNull("finishedAt");
        });
        assertThat(last.get().get("state").asText()).as("%s", last.get()).isEqualTo("COMPLETED");
    }

    private static String adminToken() {
        return api.token(Api.someone("operator"), List.of("admin"));
    }

    // ---- commands ----

    private static Reply command(int instance, String method, String path, String token, Object body,
                                 String idempotencyKey) {
        return api.send(rig.commandSide(instance), method, path, token, body == null ? null : json(body),
                idempotencyKey == null ? Map.of() : Map.of("Idempotency-Key", idempotencyKey));
    }

    private static UUID createMarket(Organizer owner, String name) {
        Reply created = command(0, "POST", "/api/markets", owner.token(),
                Map.of("name", name, "location", "Town square"), null);
        assertThat(created.status()).as("%s", created).isEqualTo(201);
        return created.id();
    }

    private static void saveProfile(int instance, Vendor vendor, String businessName, String category, String key) {
        Reply saved = command(instance, "PUT", "/api/vendors/me", vendor.token(),
                Map.of("businessName", businessName, "category", category), key);
        assertThat(saved.status()).as("%s", saved).isIn(200, 201);
    }

    private static UUID submit(int instance, Vendor vendor, UUID market, String note, String key) {
        Reply submitted = command(instance, "POST", "/api/markets/" + market + "/applications", vendor.token(),
                Map.of("note", note), key);
        assertThat(submitted.status()).as("%s", submitted).isEqualTo(201);
        return submitted.id();
    }

    private static Reply decide(int instance, Organizer owner, UUID market, UUID application, String status,
                                String reason) {
        return command(instance, "PATCH", "/api/markets/" + market + "/applications/" + application, owner.token(),
                Map.of("status", status, "reason", reason), null);
    }

    private static void decided(int instance, Organizer owner, UUID market, UUID application, String status,
                                String reason) {
        Reply decided = decide(instance, owner, market, application, status, reason);
        assertThat(decided.status()).as("%s", decided).isEqualTo(200);
    }

    private static Reply erase(int instance, Vendor vendor) {
        return command(instance, "DELETE", "/api/vendors/me", vendor.token(), null, null);
    }

    // ---- queries ----

    /** The market's applications as its owner lists them, every page, by id. */
    private static Map<UUID, JsonNode> listed(UUID market, Organizer owner) {
        Map<UUID, JsonNode> items = new LinkedHashMap<>();
        for (JsonNode item : pages("/api/markets/" + market + "/applications", owner.token())) {
            items.put(UUID.fromString(item.get("id").asText()), item);
        }
        return items;
    }

    /** The market's history, every page, oldest first. */
    private static List<JsonNode> history(UUID market, Organizer owner) {
        return pages("/api/audit/markets/" + market + "/events", owner.token());
    }

    private static List<JsonNode> pages(String path, String token) {
        List<JsonNode> items = new ArrayList<>();
        String cursor = null;
        do {
            Reply page = api.query(path + "?limit=200" + (cursor == null ? "" : "&cursor=" + cursor), token);
            assertThat(page.status()).as("%s", page).isEqualTo(200);
            page.json().get("items").forEach(items::add);
            JsonNode next = page.json().get("nextCursor");
            cursor = next == null || next.isNull() ? null : next.asText();
        } while (cursor != null);
        return items;
    }

    private static JsonNode integrity(UUID market, Organizer owner) {
        Reply report = api.query("/api/audit/markets/" + market + "/integrity", owner.token());
        assertThat(report.status()).as("%s", report).isEqualTo(200);
        return report.json();
    }

    private static Map<UUID, JsonNode> asOf(UUID market, Organizer owner) {
        Reply reply = api.query("/api/audit/markets/" + market + "/applications?asOf=" + Instant.now().minusMillis(1),
                owner.token());
        assertThat(reply.status()).as("%s", reply).isEqualTo(200);
        Map<UUID, JsonNode> items = new LinkedHashMap<>();
        reply.json().get("items").forEach(item -> items.put(UUID.fromString(item.get("id").asText()), item));
        return items;
    }

    private static JsonNode exported(Vendor vendor) {
        Reply export = api.query("/api/vendor/export", vendor.token());
        assertThat(export.status()).as("%s", export).isEqualTo(200);
        return export.json();
    }

    // ---- what the answers must say ----

    /** {@code item} has each of {@code fields}, as null. */
    private static void assertErased(JsonNode item, String... fields) {
        assertThat(item).isNotNull();
        for (String field : fields) {
            assertThat(item.has(field) && item.get(field).isNull()).as("%s of %s", field, item).isTrue();
        }
    }

    private static void assertApplication(JsonNode application, UUID market, String marketName, String status,
                                          String note, String reason) {
        assertThat(application.get("marketId").asText()).as("%s", application).isEqualTo(market.toString());
        assertThat(application.get("marketName").asText()).as("%s", application).isEqualTo(marketName);
        assertThat(application.get("status").asText()).as("%s", application).isEqualTo(status);
        assertThat(application.get("note").asText()).as("%s", application).isEqualTo(note);
        assertThat(application.get("reason").asText()).as("%s", application).isEqualTo(reason);
        Instant submitted = Instant.parse(application.get("submittedAt").asText());
        assertThat(Instant.parse(application.get("updatedAt").asText())).as("%s", application)
                .isAfterOrEqualTo(submitted);
    }

    /** The export's events are exactly the stored ones about the vendor, oldest first, with no envelope left. */
    private static void assertEvents(JsonNode events, List<StoredEvent> stored) {
        List<Long> positions = new ArrayList<>();
        events.forEach(event -> positions.add(event.get("position").asLong()));
        assertThat(positions).as("positions of the exported events")
                .containsExactlyElementsOf(stored.stream().map(StoredEvent::position).toList());
        for (int i = 0; i < stored.size(); i++) {
            JsonNode event = events.get(i);
            StoredEvent expected = stored.get(i);
            assertThat(event.get("aggregateId").asText()).as("%s", event).isEqualTo(expected.aggregate());
            assertThat(event.get("sequence").asLong()).as("%s", event).isEqualTo(expected.sequence());
            assertThat(simpleName(event.get("type").asText())).as("%s", event).isEqualTo(expected.simpleType());
            assertThat(Instant.parse(event.get("occurredAt").asText())).as("%s", event).isNotNull();
            assertThat(event.get("payload").isObject()).as("%s", event).isTrue();
            assertThat(holdsEnvelope(event.get("payload"))).as("an envelope in %s", event).isFalse();
        }
    }

    private static boolean holdsEnvelope(JsonNode node) {
        if (node.isObject() && node.has("personal")) {
            return true;
        }
        for (JsonNode child : node) {
            if (holdsEnvelope(child)) {
                return true;
            }
        }
        return false;
    }

    /** {@code entry} as it must read once {@code vendor} is erased: each of its non-empty personal fields null. */
    private static JsonNode withFieldsErased(JsonNode entry, String vendor) {
        JsonNode copy = entry.deepCopy();
        JsonNode payload = copy.get("payload");
        if (payload instanceof ObjectNode fields && vendor.equals(idText(payload.get("vendor")))) {
            for (String field : PERSONAL_FIELDS) {
                if (fields.path(field).isTextual() && !fields.get(field).asText().isEmpty()) {
                    fields.putNull(field);
                }
            }
        }
        return copy;
    }

    /** The history entry of {@code type} about {@code application}. */
    private static JsonNode entry(List<JsonNode> history, String type, UUID application) {
        for (JsonNode entry : history) {
            if (entry.get("type").asText().equals(type)
                    && application.toString().equals(idText(entry.get("payload").get("applicationId")))) {
                return entry;
            }
        }
        throw new AssertionError("no " + type + " of " + application + " in " + history);
    }

    private static Map<String, JsonNode> byId(JsonNode items, String idField) {
        Map<String, JsonNode> byId = new LinkedHashMap<>();
        assertThat(items.isArray()).as("%s", items).isTrue();
        items.forEach(item -> byId.put(idText(item.get(idField)), item));
        return byId;
    }

    /** A typed id as the messages carry it ({@code {"value": ...}}) or as the HTTP answers do (a string). */
    private static String idText(JsonNode id) {
        if (id == null || id.isNull()) {
            return null;
        }
        return id.isObject() ? id.path("value").asText() : id.asText();
    }

    private static String simpleName(String type) {
        return type.substring(type.lastIndexOf('.') + 1);
    }

    private static List<String> ids(UUID... ids) {
        List<String> texts = new ArrayList<>();
        for (UUID id : ids) {
            texts.add(id.toString());
        }
        return texts;
    }

    // ---- values ----

    private static Organizer organizer(String prefix) {
        String id = Api.someone(prefix);
        return new Organizer(id, api.organizer(id));
    }

    private static Vendor vendor(String prefix) {
        String id = Api.someone(prefix);
        return new Vendor(id, api.vendor(id));
    }

    /** A value found nowhere else: lower-case letters and digits, which LIKE, JSON and base64 all take as they are. */
    static String marker(String kind) {
        String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder marker = new StringBuilder("pd").append(kind);
        for (int i = 0; i < 16; i++) {
            marker.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return marker.toString();
    }

    private static String put(Map<String, String> values, String what, String value) {
        values.put(what, value);
        return value;
    }

    private static List<String> union(Collection<String> first, Collection<String> second) {
        List<String> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }

    private static String key() {
        return UUID.randomUUID().toString();
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
