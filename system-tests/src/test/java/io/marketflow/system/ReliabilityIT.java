package io.marketflow.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.marketflow.system.Api.Reply;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer.OrderAnnotation;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Faults on a running system of two command-side instances and one query-side instance over one PostgreSQL, with
 * the event store as ground truth after each: every command answered 2xx has its event, no event is stored twice,
 * every aggregate's sequence is contiguous, no client sees a 500, and the read models come to equal a fold of the
 * events (the as-of route) within a bounded time, which is printed. {@code ./mvnw verify} runs the short scale; the
 * full one is {@code ./mvnw verify -pl system-tests -Preliability}.
 */
@TestMethodOrder(OrderAnnotation.class)
class ReliabilityIT {

    /** How much load and how long a fault. */
    record Scale(String name, int racingApplications, int racingClients, int crashCommands, int crashClients,
                 Duration outage, Duration gapHeldOpen, Duration convergeWithin) {

        static Scale chosen() {
            return "full".equals(System.getProperty("marketflow.reliability"))
                    ? new Scale("full", 20, 64, 10_000, 16, Duration.ofSeconds(30), Duration.ofSeconds(15),
                            Duration.ofSeconds(120))
                    : new Scale("short", 6, 8, 600, 8, Duration.ofSeconds(5), Duration.ofSeconds(6),
                            Duration.ofSeconds(90));
        }
    }

    private static final Scale SCALE = Scale.chosen();
    private static final String[] DECISIONS = {"WAITLISTED", "APPROVED"};
    /** The pools' connection timeout plus the request's own work: how fast a command fails without a database. */
    private static final Duration FAIL_FAST = Duration.ofSeconds(4);

    private static FaultRig rig;
    private static Api api;

    @BeforeAll
    static void start() {
        rig = FaultRig.start("reliability", 2, 1);
        api = new Api(rig);
    }

    @AfterAll
    static void stop() {
        if (rig != null) {
            rig.close();
        }
    }

    @Test
    @Order(1)
    void conflictingDecisionsSentToBothInstancesAtOnceHaveExactlyOneWinner() throws Exception {
        Stall stall = openStall("race", SCALE.racingApplications());
        Ledger ledger = new Ledger();
        ExecutorService clients = Executors.newFixedThreadPool(SCALE.racingClients());
        try {
            for (UUID application : stall.applications()) {
                CountDownLatch go = new CountDownLatch(1);
                List<Future<Reply>> replies = new ArrayList<>();
                for (int c = 0; c < SCALE.racingClients(); c++) {
                    int instance = c % 2;
                    replies.add(clients.submit(() -> {
                        go.await();
                        return decide(instance, stall, application, "REJECTED");
                    }));
                }
                go.countDown();
                int winners = 0;
                for (Future<Reply> reply : replies) {
                    Reply answer = reply.get(60, TimeUnit.SECONDS);
                    ledger.record(application, "REJECTED", answer);
                    if (answer.status() == 200) {
                        winners++;
                    } else {
                        assertThat(answer.status()).as("a loser's answer: %s", answer).isEqualTo(409);
                    }
                }
                assertThat(winners).as("winners for application %s", application).isEqualTo(1);
            }
        } finally {
            clients.shutdownNow();
        }

        StoreInvariants.Findings store = checkStore(ledger);
        for (UUID application : stall.applications()) {
            assertThat(store.changes().get(application)).as("stored changes of %s", application)
                    .containsExactly("REJECTED");
        }
        Duration converged = converge(List.of(stall));
        report("concurrency", SCALE.racingApplications() + " applications, each decided by " + SCALE.racingClients()
                + " clients at once across 2 command-side instances", "none", ledger, store, converged);
    }

    @Test
    @Order(2)
    void killedInstancesLoseNoAcknowledgedCommandAndTheReadModelsCatchUp() throws Exception {
        int clients = SCALE.crashClients();
        int applicationsEach = SCALE.crashCommands() / clients / DECISIONS.length;
        List<Stall> stalls = openStalls("crash", clients, applicationsEach);
        int total = clients * applicationsEach * DECISIONS.length;
        Ledger ledger = new Ledger();
        AtomicInteger sent = new AtomicInteger();
        Clients work = Clients.start(stalls, (stall, preferred) -> {
            for (UUID application : stall.applications()) {
                for (String status : DECISIONS) {
                    ledger.record(application, status, decideWithFailover(preferred, stall, application, status,
                            ledger));
                    sent.incrementAndGet();
                }
            }
        });
        awaitProgress(sent, total / 3);
        rig.kill("command-side-0");
        String faults = "kill -9 of command-side-0 after " + sent.get() + " commands";
        Thread restarter = new Thread(() -> rig.restart("command-side-0"), "restart-command-side-0");
        restarter.start();
        awaitProgress(sent, total * 2 / 3);
        rig.kill("query-side-0");
        faults += ", kill -9 of query-side-0 after " + sent.get();
        rig.restart("query-side-0");
        work.await(Duration.ofMinutes(10));
        restarter.join(TimeUnit.MINUTES.toMillis(3));
        assertThat(rig.isAlive("command-side-0")).isTrue();

        StoreInvariants.Findings store = checkStore(ledger);
        Duration converged = converge(stalls);
        report("crash", total + " status changes from " + clients + " clients over 2 command-side instances",
                faults, ledger, store, converged);
    }

    @Test
    @Order(3)
    void whileTheDatabaseIsDownCommandsFailFastWith503AndEverythingResumesAfterwards() throws Exception {
        int clients = 4;
        List<Stall> stalls = openStalls("outage", clients, 150);
        Ledger ledger = new Ledger();
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong slowestOutageAnswerMillis = new AtomicLong();
        AtomicLong firstAcknowledgedAfterRestartNanos = new AtomicLong();
        AtomicBoolean databaseDown = new AtomicBoolean();
        AtomicLong databaseBackAtNanos = new AtomicLong();
        Clients work = Clients.start(stalls, (stall, instance) -> {
            for (UUID application : stall.applications()) {
                for (String status : DECISIONS) {
                    while (running.get()) {
                        long started = System.nanoTime();
                        Reply answer = decide(instance, stall, application, status);
                        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
                        ledger.record(application, status, answer);
                        if (answer.status() != 503) {
                            if (databaseBackAtNanos.get() != 0 && answer.status() / 100 == 2) {
                                firstAcknowledgedAfterRestartNanos.compareAndSet(0, System.nanoTime());
                            }
                            break;
                        }
                        if (databaseDown.get()) {
                            slowestOutageAnswerMillis.accumulateAndGet(millis, Math::max);
                        }
                        pause(Duration.ofSeconds(Long.parseLong(answer.header("Retry-After"))));
                    }
                    if (!running.get()) {
                        return;
                    }
                }
            }
        });
        pause(Duration.ofSeconds(2));
        databaseDown.set(true);
        rig.stopDatabase();
        pause(SCALE.outage());
        rig.startDatabase();
        databaseDown.set(false);
        long backAt = System.nanoTime();
        databaseBackAtNanos.set(backAt);
        pause(Duration.ofSeconds(5));
        running.set(false);
        work.await(Duration.ofMinutes(2));

        assertThat(ledger.unavailable.get()).as("503 answers while the database was down").isPositive();
        assertThat(slowestOutageAnswerMillis.get()).as("slowest answer while the database was down, ms")
                .isLessThanOrEqualTo(FAIL_FAST.toMillis());
        assertThat(firstAcknowledgedAfterRestartNanos.get()).as("a command acknowledged after the database came back")
                .isPositive();
        long recoveryMillis = TimeUnit.NANOSECONDS.toMillis(firstAcknowledgedAfterRestartNanos.get() - backAt);
        StoreInvariants.Findings store = checkStore(ledger);
        Duration converged = converge(stalls);
        System.out.printf("reliability outage (%s): slowest answer while the database was down %d ms, first command"
                        + " acknowledged %d ms after it was back%n", SCALE.name(), slowestOutageAnswerMillis.get(),
                recoveryMillis);
        report("outage", clients + " clients changing statuses on both command-side instances",
                "PostgreSQL stopped for " + SCALE.outage().toSeconds() + " s", ledger, store, converged);
    }

    /**
     * A writer's transaction takes its place in the global order when it inserts, and commits seconds later, after
     * many later events: the processors must wait for the gap instead of skipping it. The transaction stays within
     * the 20 s a connection may sit idle in a transaction, which keeps every gap shorter than the processors' gap
     * timeout (60 s).
     */
    @Test
    @Order(4)
    void anEventCommittedLongAfterLaterEventsStillReachesTheReadModels() throws Exception {
        Stall gapped = openStall("gap", 1);
        List<Stall> busy = openStalls("gap-load", 4, 150);
        Ledger ledger = new Ledger();
        AtomicBoolean running = new AtomicBoolean(true);
        Clients work = Clients.start(busy, (stall, instance) -> decideAll(stall, instance, ledger, running));
        long laterEvents;
        try (Connection writer = rig.connectAs("marketflow_command")) {
            writer.setAutoCommit(false);
            long position = appendWaitlisting(writer, gapped.applications().get(0));
            pause(SCALE.gapHeldOpen());
            try (Connection admin = rig.connectAs(rig.admin().user());
                 PreparedStatement later = admin.prepareStatement(
                         "SELECT count(*) FROM domain_event_entry WHERE global_index > ?")) {
                later.setLong(1, position);
                try (ResultSet count = later.executeQuery()) {
                    count.next();
                    laterEvents = count.getLong(1);
                }
            }
            writer.commit();
        }
        running.set(false);
        work.await(Duration.ofMinutes(2));

        assertThat(laterEvents).as("events committed after the gap while it was open").isPositive();
        ledger.acknowledged.put(gapped.applications().get(0), List.of("WAITLISTED"));
        StoreInvariants.Findings store = checkStore(ledger);
        List<Stall> all = new ArrayList<>(busy);
        all.add(gapped);
        Duration converged = converge(all);
        report("gap", busy.size() + " clients changing statuses", "a writer's transaction held open for "
                + SCALE.gapHeldOpen().toSeconds() + " s while " + laterEvents + " later events were committed", ledger,
                store, converged);
    }

    /**
     * A second query-side instance stands by: the first holds every segment (a tracking processor claims one per
     * thread), and when it is killed, the second claims them all once the dead owner's claims time out, and the read
     * models catch up through it.
     */
    @Test
    @Order(5)
    void aStandbyQuerySideTakesEverySegmentWhenTheActiveOneIsKilled() throws Exception {
        rig.launch("query-side", "query-side-1");
        List<Stall> stalls = openStalls("takeover", 2, 100);
        Set<String> activeOwners = owners();
        assertThat(activeOwners).as("owners of the segments before the kill").hasSize(1);
        Ledger ledger = new Ledger();
        Clients work = Clients.start(stalls,
                (stall, instance) -> decideAll(stall, instance, ledger, new AtomicBoolean(true)));
        pause(Duration.ofSeconds(1));
        rig.kill("query-side-0");
        long killed = System.nanoTime();
        long deadline = killed + TimeUnit.SECONDS.toNanos(60);
        Set<String> owners = owners();
        // done when one owner holds every claimed segment, and it is not the dead one
        while (owners.size() != 1 || owners.equals(activeOwners)) {
            assertThat(System.nanoTime()).as("segments still held by %s", owners).isLessThan(deadline);
            pause(Duration.ofMillis(200));
            owners = owners();
        }
        long takeoverMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed);
        work.await(Duration.ofMinutes(5));

        StoreInvariants.Findings store = checkStore(ledger);
        Duration converged = converge(stalls);
        System.out.printf("reliability takeover (%s): every segment claimed by the standby %d ms after the kill%n",
                SCALE.name(), takeoverMillis);
        report("takeover", stalls.size() + " clients changing statuses", "kill -9 of the active query-side"
                + " instance, a second one standing by", ledger, store, converged);
        rig.restart("query-side-0");
    }

    /**
     * A read-model table refuses the rows of one market, as a broken constraint or a bad migration would: that
     * market's events are parked in the dead-letter queue while every other market keeps flowing. Once the fault is
     * gone, the admin retry (sent to every running query-side instance at once) drains the market's sequence exactly
     * once, and its read model catches up.
     */
    @Test
    @Order(6)
    void aMarketWhoseEventsCannotBeAppliedIsParkedAloneAndAnAdminRetryDrainsItOnceTheFaultIsGone() throws Exception {
        List<Stall> stalls = openStalls("poison", 4, "full".equals(SCALE.name()) ? 250 : 25);
        Stall poisoned = stalls.get(0);
        List<Stall> healthy = stalls.subList(1, stalls.size());
        Ledger ledger = new Ledger();
        List<String> querySides = runningQuerySides();
        String admin = api.token(Api.someone("operator"), List.of("admin"));
        poisonMarket(poisoned.market());
        try {
            Clients work = Clients.start(stalls,
                    (stall, instance) -> decideAll(stall, instance, ledger, new AtomicBoolean(true)));
            work.await(Duration.ofMinutes(5));
            awaitMarketApplicationsCaughtUp();

            Duration healthyConverged = converge(healthy);
            assertThat(divergentRows(poisoned)).as("rows of the poisoned market that differ from its events")
                    .isEqualTo(poisoned.applications().size());
            JsonNode parkedBefore = parkedGroup(deadLetters(querySides.get(0), admin), POISONED_GROUP);
            JsonNode sequence = parkedSequence(parkedBefore, poisoned.market());
            long decisions = poisoned.applications().stream()
                    .mapToLong(application -> ledger.acknowledged.getOrDefault(application, List.of()).size()).sum();
            assertThat(sequence.get("letters").asLong()).as("letters parked for the poisoned market")
                    .isGreaterThanOrEqualTo(decisions);
            assertThat(sequence.get("causeMessage").asText()).contains("is poisoned");
            long sequencesBefore = parkedBefore.get("parkedSequences").asLong();
            assertThat(api.send(querySides.get(0), "POST", "/actuator/dead-letters/all", poisoned.organizerToken(),
                    null).status()).as("a retry asked for without the admin role").isEqualTo(403);

            healMarket();
            long retryStarted = System.nanoTime();
            List<JsonNode> answers = retryAllAtOnce(querySides, admin);
            long retryMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - retryStarted);
            long drained = 0;
            long held = 0;
            for (JsonNode answer : answers) {
                assertThat(answer.get("groups")).as("%s", answer).hasSize(5);
                for (JsonNode group : answer.get("groups")) {
                    assertThat(group.get("sequencesBefore").asInt()).as("%s", group)
                            .isEqualTo(group.get("retried").asInt() + group.get("heldByAnotherRetry").asInt());
                    assertThat(group.get("drained").asInt()).as("%s", group).isEqualTo(group.get("retried").asInt());
                    assertThat(group.get("stillParkedSequences").asLong()).as("%s", group).isZero();
                    assertThat(group.get("stillParked")).as("%s", group).isEmpty();
                }
                JsonNode retried = parkedGroup(answer, POISONED_GROUP);
                drained += retried.get("drained").asLong();
                held += retried.get("heldByAnotherRetry").asLong();
            }
            assertThat(drained).as("sequences drained across the instances' answers").isEqualTo(sequencesBefore);
            for (JsonNode group : deadLetters(querySides.get(0), admin).get("groups")) {
                assertThat(group.get("parkedSequences").asLong()).as("%s", group).isZero();
            }

            StoreInvariants.Findings store = checkStore(ledger);
            Duration converged = converge(stalls);
            System.out.printf("reliability poison (%s): the other %d markets converged in %d ms while %d letters of"
                            + " the poisoned one were parked; retried at once through %d query-side instances in %d"
                            + " ms: sequences drained %d, held by the other retry %d%n", SCALE.name(), healthy.size(),
                    healthyConverged.toMillis(), sequence.get("letters").asLong(), querySides.size(), retryMillis,
                    drained, held);
            report("poison", stalls.size() + " clients changing statuses on " + stalls.size() + " markets",
                    "a trigger refusing one market's rows of market_application, dropped before the retry", ledger,
                    store, converged);
        } finally {
            healMarket();
        }
    }

    /** Who holds the processors' segments: the distinct owners in the token table, unclaimed ones left out. */
    private static Set<String> owners() throws Exception {
        try (Connection admin = rig.connectAs(rig.admin().user());
             PreparedStatement owners = admin.prepareStatement(
                     "SELECT DISTINCT owner FROM token_entry WHERE owner IS NOT NULL");
             ResultSet rows = owners.executeQuery()) {
            Set<String> found = new HashSet<>();
            while (rows.next()) {
                found.add(rows.getString(1));
            }
            return found;
        }
    }

    /**
     * Appends, in {@code writer}'s open transaction, the event a decision to wait-list {@code application} makes, as
     * the command role; answers its global position.
     */
    private static long appendWaitlisting(Connection writer, UUID application) throws Exception {
        try (PreparedStatement insert = writer.prepareStatement("""
                INSERT INTO domain_event_entry (event_identifier, aggregate_identifier, sequence_number, type,
                                                time_stamp, payload_type, payload, meta_data)
                SELECT gen_random_uuid()::text, submitted.aggregate_identifier,
                       (SELECT max(sequence_number) + 1 FROM domain_event_entry
                        WHERE aggregate_identifier = submitted.aggregate_identifier),
                       'Market', to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
                       'io.marketflow.api.application.ApplicationWaitlisted',
                       convert_to(jsonb_build_object(
                           'marketId', body -> 'marketId', 'applicationId', body -> 'applicationId',
                           'owner', body -> 'owner', 'vendor', body -> 'vendor', 'previousStatus', 'SUBMITTED',
                           'reason', 'held open',
                           'changedAt', to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'))::text,
                           'UTF8'),
                       convert_to(jsonb_build_object('actor', body -> 'owner' ->> 'value', 'actorRole', 'organizer',
                           'correlationId', gen_random_uuid()::text, 'causationId', gen_random_uuid()::text)::text,
                           'UTF8')
                FROM (SELECT aggregate_identifier, convert_from(payload, 'UTF8')::jsonb AS body
                      FROM domain_event_entry
                      WHERE payload_type = 'io.marketflow.api.application.ApplicationSubmitted') AS submitted
                WHERE submitted.body -> 'applicationId' ->> 'value' = ?
                RETURNING global_index""")) {
            insert.setString(1, application.toString());
            try (ResultSet appended = insert.executeQuery()) {
                assertThat(appended.next()).as("the submission of %s in the store", application).isTrue();
                return appended.getLong(1);
            }
        }
    }

    // ---- load ----

    /** One organizer's market with {@code applications} applications, each from a vendor of its own. */
    record Stall(String organizerToken, UUID market, List<UUID> applications) {
    }

    /** {@code count} stalls, opened side by side. */
    private static List<Stall> openStalls(String name, int count, int applicationsEach) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(count);
        try {
            List<Future<Stall>> opening = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                String stallName = name + "-" + i;
                opening.add(pool.submit(() -> openStall(stallName, applicationsEach)));
            }
            List<Stall> stalls = new ArrayList<>();
            for (Future<Stall> stall : opening) {
                stalls.add(stall.get(10, TimeUnit.MINUTES));
            }
            return stalls;
        } finally {
            pool.shutdownNow();
        }
    }

    private static Stall openStall(String name, int applications) {
        String organizer = api.organizer(Api.someone("organizer-" + name));
        UUID market = api.createMarket(organizer, "Reliability " + name);
        List<UUID> made = new ArrayList<>();
        for (int i = 0; i < applications; i++) {
            String vendor = api.vendor(Api.someone("vendor-" + name));
            api.saveVendorProfile(vendor, "Stall " + i);
            made.add(api.apply(vendor, market));
        }
        return new Stall(organizer, market, made);
    }

    private static Reply decide(int instance, Stall stall, UUID application, String status) {
        return api.send(rig.commandSide(instance), "PATCH", "/api/markets/" + stall.market() + "/applications/"
                + application, stall.organizerToken(), "{\"status\": \"" + status + "\", \"reason\": \"fault\"}");
    }

    /**
     * Sends to the preferred instance, and to the other one when the preferred cannot be reached, as a client behind
     * a load balancer would be served. A command whose first attempt reached a dying instance may have been stored
     * without an answer; its second attempt then conflicts with it (409), which the ledger accepts for it alone.
     */
    private static Reply decideWithFailover(int preferred, Stall stall, UUID application, String status,
                                            Ledger ledger) {
        for (int attempt = 0; ; attempt++) {
            int instance = (preferred + attempt) % 2;
            try {
                Reply answer = decide(instance, stall, application, status);
                if (attempt > 0 && answer.status() == 409) {
                    ledger.ambiguous.incrementAndGet();
                    return null;
                }
                return answer;
            } catch (UncheckedIOException unreachable) {
                ledger.unreachable.incrementAndGet();
                if (attempt > 20) {
                    throw unreachable;
                }
                pause(Duration.ofMillis(attempt < 2 ? 0 : 200));
            }
        }
    }

    /** Decides on each of the stall's applications in turn, waitlisting then approving, while {@code running}. */
    private static void decideAll(Stall stall, int instance, Ledger ledger, AtomicBoolean running) {
        for (UUID application : stall.applications()) {
            for (String status : DECISIONS) {
                if (!running.get()) {
                    return;
                }
                ledger.record(application, status, decide(instance, stall, application, status));
            }
        }
    }

    /** What one client does with its stall, sending to the command-side instance it prefers (0 or 1). */
    interface ClientWork {
        void run(Stall stall, int preferredInstance) throws Exception;
    }

    /** One client per stall, side by side; clients of even and odd stalls prefer different instances. */
    record Clients(ExecutorService pool, List<Future<?>> work) {

        static Clients start(List<Stall> stalls, ClientWork client) {
            ExecutorService pool = Executors.newFixedThreadPool(stalls.size());
            List<Future<?>> work = new ArrayList<>();
            for (int c = 0; c < stalls.size(); c++) {
                Stall stall = stalls.get(c);
                int preferred = c % 2;
                work.add(pool.submit(() -> {
                    client.run(stall, preferred);
                    return null;
                }));
            }
            return new Clients(pool, work);
        }

        /** Waits for every client to finish, failing with the first client's failure. */
        void await(Duration within) throws Exception {
            try {
                for (Future<?> client : work) {
                    client.get(within.toMillis(), TimeUnit.MILLISECONDS);
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    /** Every answer the clients got, and the status changes that were acknowledged. */
    static final class Ledger {
        final Map<UUID, List<String>> acknowledged = new ConcurrentHashMap<>();
        final List<String> unexpected = new CopyOnWriteArrayList<>();
        final AtomicInteger ok = new AtomicInteger();
        final AtomicInteger conflicts = new AtomicInteger();
        final AtomicInteger unavailable = new AtomicInteger();
        final AtomicInteger unreachable = new AtomicInteger();
        final AtomicInteger ambiguous = new AtomicInteger();

        void record(UUID application, String status, Reply answer) {
            if (answer == null) {
                return; // an ambiguous retry, counted already
            }
            if (answer.status() / 100 == 2) {
                ok.incrementAndGet();
                acknowledged.computeIfAbsent(application, id -> new CopyOnWriteArrayList<>()).add(status);
            } else if (answer.status() == 409) {
                conflicts.incrementAndGet();
            } else if (answer.status() == 503 && answer.header("Retry-After") != null) {
                unavailable.incrementAndGet();
            } else {
                unexpected.add(answer.toString());
            }
        }

        @Override
        public String toString() {
            return "2xx " + ok + ", 409 " + conflicts + ", 503 " + unavailable + ", unreachable instance " + unreachable
                    + ", ambiguous retries " + ambiguous + ", other " + unexpected.size();
        }
    }

    // ---- checks ----

    private static StoreInvariants.Findings checkStore(Ledger ledger) throws Exception {
        assertThat(ledger.unexpected).as("answers that are neither 2xx, 409 nor 503 with Retry-After").isEmpty();
        try (Connection admin = rig.connectAs(rig.admin().user())) {
            StoreInvariants.Findings findings = StoreInvariants.check(admin, ledger.acknowledged);
            assertThat(findings.holds()).as("%s", findings).isTrue();
            return findings;
        }
    }

    /**
     * Waits until, for every market, the list route (the read model) shows each application in the status the
     * as-of route folds from the stored events; answers how long that took, or fails after the scale's bound.
     */
    private static Duration converge(List<Stall> stalls) {
        long started = System.nanoTime();
        long deadline = started + SCALE.convergeWithin().toNanos();
        int divergent = Integer.MAX_VALUE;
        while (System.nanoTime() < deadline) {
            divergent = 0;
            for (Stall stall : stalls) {
                divergent += divergentRows(stall);
            }
            if (divergent == 0) {
                return Duration.ofNanos(System.nanoTime() - started);
            }
            pause(Duration.ofMillis(250));
        }
        throw new AssertionError(divergent + " read-model rows still differ from the events after "
                + SCALE.convergeWithin());
    }

    private static int divergentRows(Stall stall) {
        Map<String, String> folded = statuses(api.query("/api/audit/markets/" + stall.market() + "/applications?asOf="
                + Instant.now().minusMillis(1), stall.organizerToken()));
        Map<String, String> projected = new HashMap<>();
        String cursor = null;
        do {
            Reply page = api.query("/api/markets/" + stall.market() + "/applications?limit=200"
                    + (cursor == null ? "" : "&cursor=" + cursor), stall.organizerToken());
            if (page.status() != 200) {
                return Math.max(1, folded.size());
            }
            projected.putAll(statuses(page));
            JsonNode next = page.json().get("nextCursor");
            cursor = next == null || next.isNull() ? null : next.asText();
        } while (cursor != null);
        int differing = 0;
        for (Map.Entry<String, String> application : folded.entrySet()) {
            if (!Objects.equals(projected.get(application.getKey()), application.getValue())) {
                differing++;
            }
        }
        return differing + (int) projected.keySet().stream().filter(id -> !folded.containsKey(id)).count();
    }

    private static Map<String, String> statuses(Reply reply) {
        assertThat(reply.status()).as("%s", reply).isEqualTo(200);
        Map<String, String> statuses = new HashMap<>();
        for (JsonNode item : reply.json().get("items")) {
            statuses.put(item.get("id").asText(), item.get("status").asText());
        }
        return statuses;
    }

    private static void report(String scenario, String load, String fault, Ledger ledger,
                               StoreInvariants.Findings store, Duration converged) {
        System.out.printf("reliability %s (%s): load %s; fault %s; answers %s; events %d, lost 0, duplicates %d,"
                        + " divergent read-model rows 0, converged in %d ms%n", scenario, SCALE.name(), load, fault,
                ledger, store.events(), store.duplicates(), converged.toMillis());
    }

    private static void awaitProgress(AtomicInteger sent, int atLeast) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (sent.get() < atLeast) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("only " + sent.get() + " commands sent in 5 minutes");
            }
            Thread.sleep(20);
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

    // ---- poison ----

    /** The processing group whose table the poison scenario's trigger refuses. */
    private static final String POISONED_GROUP = "market-applications";

    /** As the PostgreSQL admin: a trigger on the market-applications table that refuses every row of {@code market}. */
    private static void poisonMarket(UUID market) throws Exception {
        asAdmin("""
                CREATE FUNCTION reliability_poison() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    RAISE EXCEPTION 'market % is poisoned', NEW.market_id;
                END
                $$""");
        asAdmin("""
                CREATE TRIGGER reliability_poison BEFORE INSERT OR UPDATE ON market_application
                FOR EACH ROW WHEN (NEW.market_id = '%s') EXECUTE FUNCTION reliability_poison()""".formatted(market));
    }

    private static void healMarket() throws Exception {
        asAdmin("DROP TRIGGER IF EXISTS reliability_poison ON market_application");
        asAdmin("DROP FUNCTION IF EXISTS reliability_poison()");
    }

    private static void asAdmin(String sql) throws Exception {
        try (Connection admin = rig.connectAs(rig.admin().user());
             PreparedStatement statement = admin.prepareStatement(sql)) {
            statement.execute();
        }
    }

    /** Base URLs of the query-side instances running now: the takeover scenario leaves a second one. */
    private static List<String> runningQuerySides() {
        List<String> running = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            try {
                if (rig.isAlive("query-side-" + i)) {
                    running.add(rig.querySide(i));
                }
            } catch (IllegalArgumentException neverLaunched) {
                // this run did not start that instance
            }
        }
        return running;
    }

    /** {@code GET /actuator/dead-letters} of one instance. */
    private static JsonNode deadLetters(String querySide, String adminToken) {
        Reply reply = api.send(querySide, "GET", "/actuator/dead-letters", adminToken, null);
        assertThat(reply.status()).as("%s", reply).isEqualTo(200);
        return reply.json();
    }

    /** {@code POST /actuator/dead-letters/all} to every instance at the same moment; answers their bodies. */
    private static List<JsonNode> retryAllAtOnce(List<String> querySides, String adminToken) throws Exception {
        ExecutorService senders = Executors.newFixedThreadPool(querySides.size());
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Reply>> replies = new ArrayList<>();
            for (String querySide : querySides) {
                replies.add(senders.submit(() -> {
                    go.await();
                    return api.send(querySide, "POST", "/actuator/dead-letters/all", adminToken, null);
                }));
            }
            go.countDown();
            List<JsonNode> answers = new ArrayList<>();
            for (Future<Reply> reply : replies) {
                Reply answer = reply.get(60, TimeUnit.SECONDS);
                assertThat(answer.status()).as("%s", answer).isEqualTo(200);
                answers.add(answer.json());
            }
            return answers;
        } finally {
            senders.shutdownNow();
        }
    }

    private static JsonNode parkedGroup(JsonNode answer, String name) {
        for (JsonNode group : answer.get("groups")) {
            if (group.get("group").asText().equals(name)) {
                return group;
            }
        }
        throw new AssertionError("no group " + name + " in " + answer);
    }

    private static JsonNode parkedSequence(JsonNode group, UUID market) {
        for (JsonNode sequence : group.get("sequences")) {
            if (sequence.get("sequenceIdentifier").asText().equals(market.toString())) {
                return sequence;
            }
        }
        throw new AssertionError("market " + market + " is not parked: " + group);
    }

    /** Waits until every segment of the market-applications processor has passed the store's last event. */
    private static void awaitMarketApplicationsCaughtUp() throws Exception {
        long deadline = System.nanoTime() + SCALE.convergeWithin().toNanos();
        while (true) {
            try (Connection admin = rig.connectAs(rig.admin().user());
                 PreparedStatement behind = admin.prepareStatement("""
                         SELECT count(*) FROM token_entry
                         WHERE processor_name = ?
                           AND coalesce((convert_from(token, 'UTF8')::jsonb ->> 'index')::bigint, -1)
                               < (SELECT coalesce(max(global_index), 0) FROM domain_event_entry)""")) {
                behind.setString(1, POISONED_GROUP);
                try (ResultSet count = behind.executeQuery()) {
                    count.next();
                    if (count.getLong(1) == 0) {
                        return;
                    }
                }
            }
            assertThat(System.nanoTime()).as("%s still behind the store", POISONED_GROUP).isLessThan(deadline);
            pause(Duration.ofMillis(200));
        }
    }
}
