package io.marketflow.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.marketflow.system.Api.Reply;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer.OrderAnnotation;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Faults on a running system of two command-side instances and one query-side instance (two from the scale-out
 * scenario on, which the later scenarios rely on) over one PostgreSQL, with the event store as ground truth after
 * each: every command answered 2xx has its event, no event is stored twice, every aggregate's sequence is contiguous,
 * no client sees a 500, and the read models come to equal a fold of the events (the as-of route) within a bounded
 * time, which is printed. {@code ./mvnw verify} runs the short scale; the full one is
 * {@code ./mvnw verify -pl system-tests -Preliability}.
 */
@TestMethodOrder(OrderAnnotation.class)
class ReliabilityIT {

    /** How much load and how long a fault. */
    record Scale(String name, int racingApplications, int racingClients, int crashCommands, int crashClients,
                 Duration outage, Duration gapHeldOpen, int gapBulkEvents, Duration convergeWithin, Duration soak,
                 Duration soakWindow) {

        static Scale chosen() {
            return "full".equals(System.getProperty("marketflow.reliability"))
                    ? new Scale("full", 20, 64, 10_000, 16, Duration.ofSeconds(30), Duration.ofSeconds(15), 12_000,
                            Duration.ofSeconds(120), Duration.ofMinutes(10), Duration.ofMinutes(1))
                    : new Scale("short", 6, 8, 600, 8, Duration.ofSeconds(5), Duration.ofSeconds(6), 0,
                            Duration.ofSeconds(90), Duration.ofSeconds(30), Duration.ofSeconds(5));
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
        for (UUID application : stall.applications()) {
            List<Reply> replies = AtOnce.send(SCALE.racingClients(),
                    sender -> decide(sender % 2, stall, application, "REJECTED"));
            int winners = 0;
            for (Reply answer : replies) {
                ledger.record(application, "REJECTED", answer);
                if (answer.status() == 200) {
                    winners++;
                } else {
                    assertThat(answer.status()).as("a loser's answer: %s", answer).isEqualTo(409);
                }
            }
            assertThat(winners).as("winners for application %s", application).isEqualTo(1);
        }

        StoreInvariants.Findings store = checkStore(ledger);
        for (UUID application : stall.applications()) {
            assertThat(store.changes().get(application)).as("stored changes of %s", application)
                    .containsExactly("SUBMITTED", "REJECTED");
        }
        Duration converged = converge(List.of(stall));
        report("concurrency", SCALE.racingApplications() + " applications, each decided by " + SCALE.racingClients()
                + " clients at once across 2 command-side instances", "none", ledger, store, converged);
    }

    /**
     * One application sent 100 times at once under one {@code Idempotency-Key}, half to each command-side instance:
     * each attempt would make a new application id, yet exactly one application is stored and every client gets its
     * answer, byte for byte.
     */
    @Test
    @Order(7)
    void oneKeyedSubmissionSentAHundredTimesToBothInstancesAppendsOnce() throws Exception {
        Stall stall = openStall("idempotency", 0);
        String vendor = api.vendor(Api.someone("vendor-idempotency"));
        api.saveVendorProfile(vendor, "Keyed Stall");
        String key = UUID.randomUUID().toString();
        int senders = 100;
        List<Reply> replies = AtOnce.send(senders, sender -> api.send(rig.commandSide(sender % 2), "POST",
                "/api/markets/" + stall.market() + "/applications", vendor, "{\"note\": \"once\"}",
                Map.of("Idempotency-Key", key)));

        assertThat(replies).extracting(Reply::status).containsOnly(201);
        assertThat(replies).extracting(Reply::body).containsOnly(replies.get(0).body());
        assertThat(replies).filteredOn(reply -> reply.header("Idempotent-Replayed") == null).hasSize(1);
        UUID application = replies.get(0).id();
        Ledger ledger = new Ledger();
        replies.forEach(reply -> ledger.record(application, "SUBMITTED", reply));
        StoreInvariants.Findings store = checkStore(ledger);
        assertThat(store.changes().get(application)).as("stored changes of %s", application)
                .containsExactly("SUBMITTED");
        try (Connection admin = rig.connectAs(rig.admin().user());
             PreparedStatement submissions = admin.prepareStatement("""
                     SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = ?
                       AND payload_type = 'io.marketflow.api.application.ApplicationSubmitted'""")) {
            submissions.setString(1, stall.market().toString());
            try (ResultSet count = submissions.executeQuery()) {
                count.next();
                assertThat(count.getLong(1)).as("applications stored").isEqualTo(1);
            }
        }
        Duration converged = converge(List.of(new Stall(stall.organizerToken(), stall.market(), List.of(application))));
        report("idempotency", senders + " identical submissions under one Idempotency-Key, half to each command-side"
                + " instance, at once", "none", ledger, store, converged);
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
        assertThat(ledger.conflicts.get()).as("409s: a retry under its key met its own earlier change").isZero();

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
                    String key = UUID.randomUUID().toString();
                    while (running.get()) {
                        long started = System.nanoTime();
                        Reply answer = decide(instance, stall, application, status, key);
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
        assertThat(ledger.conflicts.get()).as("409s: a retry under its key met its own earlier change").isZero();
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
     * timeout (60 s). In the full run, a bulk of events no read model handles is also committed behind the gap, so
     * that it lies more than Axon's default of 10,000 positions back when it is filled.
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
            if (SCALE.gapBulkEvents() > 0) {
                appendBulkBehind(SCALE.gapBulkEvents());
            }
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

        assertThat(laterEvents).as("events committed after the gap while it was open")
                .isGreaterThan(SCALE.gapBulkEvents() > 0 ? 10_000 : 0);
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
     * A second query-side instance takes half of every processor's segments from the first; when the first is
     * killed, the second claims them all once the dead owner's claims time out, and the read models catch up through
     * it without an event applied twice (the counts and the history are compared too).
     */
    @Test
    @Order(5)
    void twoQuerySideInstancesShareTheSegmentsAndOneTakesThemAllWhenTheOtherIsKilled() throws Exception {
        long first = rig.pid("query-side-0");
        rig.launch("query-side", "query-side-1");
        long second = rig.pid("query-side-1");
        long launched = System.nanoTime();
        awaitSegmentsHeld(Map.of(first, 2, second, 2), Duration.ofSeconds(60));
        long splitMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - launched);

        List<Stall> stalls = openStalls("scale-out", 2, 100);
        Ledger ledger = new Ledger();
        Clients work = Clients.start(stalls,
                (stall, instance) -> decideAll(stall, instance, ledger, new AtomicBoolean(true)));
        pause(Duration.ofSeconds(1));
        rig.kill("query-side-0");
        long killed = System.nanoTime();
        awaitSegmentsHeld(Map.of(second, 4), Duration.ofSeconds(60));
        long takeoverMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed);
        work.await(Duration.ofMinutes(5));

        StoreInvariants.Findings store = checkStore(ledger);
        Duration converged = converge(stalls);
        System.out.printf("reliability scale-out (%s): each of 2 query-side instances held 2 of every processor's 4"
                        + " segments %d ms after the second was healthy; the survivor held all of them %d ms after the"
                        + " kill%n", SCALE.name(), splitMillis, takeoverMillis);
        report("scale-out", stalls.size() + " clients changing statuses", "kill -9 of one of two query-side"
                + " instances sharing the segments", ledger, store, converged);
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

    /**
     * Mixed commands and queries at half the peak this rig reached a moment before, for a long while (10 minutes at
     * full scale): every answer is a 2xx, the p99 of the last stretch is not worse than the first's by more than
     * noise, and every instance's heap after a full collection ends where it began, give or take.
     */
    @Test
    @Order(8)
    void halfThePeakForALongWhileKeepsErrorsAtZeroLatencyStableAndTheHeapFlat() throws Exception {
        int clients = 16;
        List<SoakClient> soakers = new ArrayList<>();
        for (Stall stall : openStalls("soak", clients, 0)) {
            List<String> vendors = new ArrayList<>();
            for (int v = 0; v < 4; v++) {
                String vendor = api.vendor(Api.someone("vendor-soak"));
                api.saveVendorProfile(vendor, "Soak Stall " + v);
                vendors.add(vendor);
            }
            soakers.add(new SoakClient(stall, vendors, soakers.size() % 2));
        }
        Ledger ledger = new Ledger();
        Soak peak = Soak.run(soakers, ledger, 0, Duration.ofSeconds(SCALE.name().equals("full") ? 30 : 8),
                SCALE.soakWindow());
        double rate = peak.operationsPerSecond() / 2;
        List<String> sides = List.of("command-side-0", "command-side-1", "query-side-0", "query-side-1");
        Map<String, Long> heapBefore = new HashMap<>();
        for (String side : sides) {
            heapBefore.put(side, heapAfterFullCollection(side));
        }

        Soak soak = Soak.run(soakers, ledger, rate, SCALE.soak(), SCALE.soakWindow());

        Map<String, Long> heapAfter = new HashMap<>();
        for (String side : sides) {
            heapAfter.put(side, heapAfterFullCollection(side));
        }
        System.out.printf("reliability soak (%s): peak %.0f operations/s, soak at %.0f/s for %d s: %d operations,"
                        + " %d not 2xx; p99 per %d s: %s ms; heap after a full collection, MB, before -> after: %s%n",
                SCALE.name(), peak.operationsPerSecond(), rate, SCALE.soak().toSeconds(), soak.operations(),
                soak.failures().size(), SCALE.soakWindow().toSeconds(), soak.p99Millis(), heapsInMegabytes(sides,
                        heapBefore, heapAfter));
        assertThat(soak.failures()).as("answers other than 2xx during the soak").isEmpty();
        assertThat(soak.operationsPerSecond()).as("operations/s sustained").isGreaterThan(rate * 0.9);
        List<Double> p99 = soak.p99Millis();
        double firstHalf = p99.subList(0, p99.size() / 2).stream().mapToDouble(Double::doubleValue).max().orElseThrow();
        double secondHalf = p99.subList(p99.size() / 2, p99.size()).stream().mapToDouble(Double::doubleValue).max()
                .orElseThrow();
        assertThat(secondHalf).as("worst p99 of the second half against the first's, ms: %s", p99)
                .isLessThanOrEqualTo(2 * firstHalf + 50);
        for (String side : sides) {
            assertThat(heapAfter.get(side)).as("heap of %s after a full collection, bytes", side)
                    .isLessThanOrEqualTo(heapBefore.get(side) + Math.max(32L << 20, heapBefore.get(side) / 4));
        }
        StoreInvariants.Findings store = checkStore(ledger);
        List<Stall> stalls = soakers.stream().map(SoakClient::stall).toList();
        Duration converged = converge(stalls);
        report("soak", clients + " clients applying, deciding and reading at " + Math.round(rate) + " operations/s"
                + " for " + SCALE.soak().toSeconds() + " s", "none", ledger, store, converged);
    }

    /**
     * One soak client: its own market and vendors. Each vendor in turn applies, is wait-listed, approved and
     * rejected, then applies again; between commands the client reads, in turn, the market's first page, its counts
     * and the vendor's applications. Commands go to one command-side instance, each under an Idempotency-Key kept
     * until it succeeds; reads alternate between the query-side instances. It carries on where its last run stopped.
     */
    static final class SoakClient {
        private static final String[] STEPS = {"SUBMITTED", "WAITLISTED", "APPROVED", "REJECTED"};

        private final Stall stall;
        private final List<String> vendors;
        private final int instance;
        private int vendor;
        private int step;
        private UUID application;
        private String key = UUID.randomUUID().toString();
        private int reads;

        SoakClient(Stall stall, List<String> vendors, int instance) {
            this.stall = stall;
            this.vendors = vendors;
            this.instance = instance;
        }

        Stall stall() {
            return stall;
        }

        /** Runs operations until {@code until}, one every {@code intervalNanos} (0: back to back). */
        void run(long until, long intervalNanos, Soak.Recorder recorder, Ledger ledger) {
            long next = System.nanoTime();
            boolean command = true;
            while (next < until) {
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    pause(Duration.ofNanos(wait));
                }
                recorder.record(next, command ? command(ledger) : read());
                command = !command;
                next = intervalNanos == 0 ? System.nanoTime() : next + intervalNanos;
            }
        }

        private Reply command(Ledger ledger) {
            String status = STEPS[step];
            Reply answer = step == 0
                    ? api.send(rig.commandSide(instance), "POST", "/api/markets/" + stall.market() + "/applications",
                            vendors.get(vendor), "{\"note\": \"soak\"}", Map.of("Idempotency-Key", key))
                    : decide(instance, stall, application, status, key);
            if (answer.status() / 100 == 2) {
                if (step == 0) {
                    application = answer.id();
                }
                ledger.record(application, status, answer);
                key = UUID.randomUUID().toString();
                step = (step + 1) % STEPS.length;
                if (step == 0) {
                    vendor = (vendor + 1) % vendors.size();
                }
            }
            return answer;
        }

        private Reply read() {
            String path = switch (reads % 3) {
                case 0 -> "/api/markets/" + stall.market() + "/applications?limit=50";
                case 1 -> "/api/markets/" + stall.market();
                default -> "/api/vendor/applications";
            };
            String token = path.startsWith("/api/vendor") ? vendors.get(vendor) : stall.organizerToken();
            return api.send(rig.querySide(reads++ % 2), "GET", path, token, null);
        }
    }

    /** A stretch of load: latencies, from each operation's scheduled start, per window; answers that were not 2xx. */
    record Soak(double operationsPerSecond, long operations, List<Double> p99Millis, List<String> failures) {

        /** Collects one stretch's answers. */
        static final class Recorder {
            private final long started = System.nanoTime();
            private final long windowNanos;
            private final Map<Integer, List<Long>> latencies = new ConcurrentHashMap<>();
            private final List<String> failures = new CopyOnWriteArrayList<>();

            Recorder(Duration window) {
                this.windowNanos = window.toNanos();
            }

            void record(long scheduled, Reply answer) {
                long now = System.nanoTime();
                latencies.computeIfAbsent((int) ((scheduled - started) / windowNanos),
                        window -> Collections.synchronizedList(new ArrayList<>())).add(now - scheduled);
                if (answer.status() / 100 != 2) {
                    failures.add(answer.toString());
                }
            }
        }

        /** Runs every client for {@code length} at {@code rate} operations/s in all (0: as fast as they go). */
        static Soak run(List<SoakClient> clients, Ledger ledger, double rate, Duration length, Duration window)
                throws Exception {
            Recorder recorder = new Recorder(window);
            long until = recorder.started + length.toNanos();
            long interval = rate == 0 ? 0 : (long) (clients.size() * 1e9 / rate);
            ExecutorService pool = Executors.newFixedThreadPool(clients.size());
            try {
                List<Future<?>> running = new ArrayList<>();
                for (SoakClient client : clients) {
                    running.add(pool.submit(() -> client.run(until, interval, recorder, ledger)));
                }
                for (Future<?> client : running) {
                    client.get(length.toMillis() + 60_000, TimeUnit.MILLISECONDS);
                }
            } finally {
                pool.shutdownNow();
            }
            List<Double> p99 = new ArrayList<>();
            long operations = 0;
            for (int w = 0; recorder.latencies.containsKey(w); w++) {
                List<Long> sorted = new ArrayList<>(recorder.latencies.get(w));
                Collections.sort(sorted);
                operations += sorted.size();
                p99.add(sorted.get((int) Math.ceil(sorted.size() * 0.99) - 1) / 1e6);
            }
            return new Soak(operations / (length.toNanos() / 1e9), operations, p99, recorder.failures);
        }
    }

    /** The named instance's heap in use just after a full collection it was asked for ({@code jcmd}). */
    private static long heapAfterFullCollection(String side) throws Exception {
        String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        String pid = Long.toString(rig.pid(side));
        run(jcmd, pid, "GC.run");
        String info = run(jcmd, pid, "GC.heap_info");
        Matcher used = Pattern.compile("total \\d+K, used (\\d+)K").matcher(info);
        assertThat(used.find()).as("heap in jcmd's answer: %s", info).isTrue();
        return Long.parseLong(used.group(1)) * 1024;
    }

    private static String run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("%s finished", List.of(command)).isTrue();
        return output;
    }

    private static String heapsInMegabytes(List<String> sides, Map<String, Long> before, Map<String, Long> after) {
        List<String> heaps = new ArrayList<>();
        for (String side : sides) {
            heaps.add(side + " " + (before.get(side) >> 20) + " -> " + (after.get(side) >> 20));
        }
        return String.join(", ", heaps);
    }

    /**
     * Waits until, for every processor, each process in {@code perProcessor} holds that many of its segments and no
     * segment is unclaimed or held by anyone else; segment owners are named after their process id.
     */
    private static void awaitSegmentsHeld(Map<Long, Integer> perProcessor, Duration within) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        Map<String, Map<Long, Integer>> held = segmentsHeld();
        while (!held.values().stream().allMatch(perProcessor::equals) || held.isEmpty()) {
            assertThat(System.nanoTime()).as("segments held per processor and process: %s", held)
                    .isLessThan(deadline);
            pause(Duration.ofMillis(200));
            held = segmentsHeld();
        }
    }

    /** Per processor, how many segments each process holds (unclaimed ones under process 0). */
    private static Map<String, Map<Long, Integer>> segmentsHeld() throws Exception {
        try (Connection admin = rig.connectAs(rig.admin().user());
             PreparedStatement owners = admin.prepareStatement("SELECT processor_name, owner FROM token_entry");
             ResultSet rows = owners.executeQuery()) {
            Map<String, Map<Long, Integer>> held = new HashMap<>();
            while (rows.next()) {
                String owner = rows.getString(2);
                long pid = owner == null ? 0 : Long.parseLong(owner.substring(0, owner.indexOf('@')));
                held.computeIfAbsent(rows.getString(1), processor -> new HashMap<>()).merge(pid, 1, Integer::sum);
            }
            return held;
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

    /**
     * Appends, as the superuser, {@code count} events of one aggregate of a type no read model handles, committed a
     * hundred at a time as many small writers would: the processors read past them. (One transaction of thousands of
     * events, committed while others commit after it, leaves each of its positions a gap in the processors' tokens
     * until it commits; the command side never appends more than a few events per transaction.)
     */
    private static void appendBulkBehind(int count) throws Exception {
        String aggregate = UUID.randomUUID().toString();
        try (Connection admin = rig.connectAs(rig.admin().user());
             PreparedStatement bulk = admin.prepareStatement("""
                     INSERT INTO domain_event_entry (event_identifier, aggregate_identifier, sequence_number, type,
                                                     time_stamp, payload_type, payload, meta_data)
                     SELECT gen_random_uuid()::text, ?, n, 'Filler',
                            to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
                            'io.marketflow.reliability.Filler', convert_to('{}', 'UTF8'), convert_to('{}', 'UTF8')
                     FROM generate_series(?, ? - 1) AS n""")) {
            for (int from = 0; from < count; from += 100) {
                bulk.setString(1, aggregate);
                bulk.setInt(2, from);
                bulk.setInt(3, Math.min(count, from + 100));
                bulk.executeUpdate();
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
        return decide(instance, stall, application, status, null);
    }

    /** A decision under {@code idempotencyKey} (none if null): every retry of one decision sends the same key. */
    private static Reply decide(int instance, Stall stall, UUID application, String status, String idempotencyKey) {
        return api.send(rig.commandSide(instance), "PATCH", "/api/markets/" + stall.market() + "/applications/"
                        + application, stall.organizerToken(), "{\"status\": \"" + status + "\", \"reason\": \"fault\"}",
                idempotencyKey == null ? Map.of() : Map.of("Idempotency-Key", idempotencyKey));
    }

    /**
     * Sends to the preferred instance, and to the other one when the preferred cannot be reached, as a client behind
     * a load balancer would be served, under one {@code Idempotency-Key}. A command whose first attempt reached a
     * dying instance may have been stored without an answer; its retry then gets the stored answer, never a 409
     * against itself, which {@link Ledger#ambiguous} counts.
     */
    private static Reply decideWithFailover(int preferred, Stall stall, UUID application, String status,
                                            Ledger ledger) {
        String key = UUID.randomUUID().toString();
        for (int attempt = 0; ; attempt++) {
            int instance = (preferred + attempt) % 2;
            try {
                Reply answer = decide(instance, stall, application, status, key);
                if (attempt > 0 && answer.status() == 409) {
                    ledger.ambiguous.incrementAndGet();
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
        /** Retries, under the first attempt's key, answered 409: the first attempt's change was not replayed. */
        final AtomicInteger ambiguous = new AtomicInteger();

        void record(UUID application, String status, Reply answer) {
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
     * Waits until, for every market, the read models agree with the stored events: the list route and the vendors'
     * read model show each application in the status the as-of route folds from them, the market's counts per
     * status match that fold, and the history lists every stored event once; answers how long that took, or fails after the scale's bound.
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
        differing += (int) projected.keySet().stream().filter(id -> !folded.containsKey(id)).count();
        return differing + divergentVendorRows(stall, folded) + divergentCounts(stall, folded)
                + divergentHistory(stall);
    }

    /** The vendors' read model (each vendor's own rows, read here as the superuser) against the fold. */
    private static int divergentVendorRows(Stall stall, Map<String, String> folded) {
        Map<String, String> vendorSide = new HashMap<>();
        try (Connection admin = rig.connectAs(rig.admin().user());
             PreparedStatement rows = admin.prepareStatement(
                     "SELECT application_id, status FROM vendor_application WHERE market_id = ?")) {
            rows.setObject(1, stall.market());
            try (ResultSet result = rows.executeQuery()) {
                while (result.next()) {
                    vendorSide.put(result.getString(1), result.getString(2));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        int differing = (int) vendorSide.keySet().stream().filter(id -> !folded.containsKey(id)).count();
        for (Map.Entry<String, String> application : folded.entrySet()) {
            if (!Objects.equals(vendorSide.get(application.getKey()), application.getValue())) {
                differing++;
            }
        }
        return differing;
    }

    /**
     * The market's counts per status (a read model that adds and subtracts, which an event applied twice would
     * skew) against the statuses folded from the events: how many counts differ.
     */
    private static int divergentCounts(Stall stall, Map<String, String> folded) {
        Reply market = api.query("/api/markets/" + stall.market(), stall.organizerToken());
        if (market.status() != 200) {
            return 1;
        }
        Map<String, Long> expected = new HashMap<>();
        folded.values().forEach(status -> expected.merge(status, 1L, Long::sum));
        int differing = 0;
        var counts = market.json().get("counts").fields();
        while (counts.hasNext()) {
            var count = counts.next();
            if (count.getValue().asLong() != expected.getOrDefault(count.getKey(), 0L)) {
                differing++;
            }
        }
        return differing;
    }

    /** The market's history read model against the store: each stored event listed once, none missing. */
    private static int divergentHistory(Stall stall) {
        List<Long> sequences = new ArrayList<>();
        String cursor = null;
        do {
            Reply page = api.query("/api/audit/markets/" + stall.market() + "/events?limit=200"
                    + (cursor == null ? "" : "&cursor=" + cursor), stall.organizerToken());
            if (page.status() != 200) {
                return 1;
            }
            page.json().get("items").forEach(item -> sequences.add(item.get("sequence").asLong()));
            JsonNode next = page.json().get("nextCursor");
            cursor = next == null || next.isNull() ? null : next.asText();
        } while (cursor != null);
        long stored = storedEventsOf(stall.market());
        int differing = (int) Math.abs(stored - sequences.size());
        for (int i = 0; i < sequences.size(); i++) {
            if (sequences.get(i) != i) {
                differing++;
            }
        }
        return differing;
    }

    private static long storedEventsOf(UUID aggregate) {
        try (Connection admin = rig.connectAs(rig.admin().user());
             PreparedStatement count = admin.prepareStatement(
                     "SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = ?")) {
            count.setString(1, aggregate.toString());
            try (ResultSet result = count.executeQuery()) {
                result.next();
                return result.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
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
    /** The live processor every read model, the poisoned one included, is assigned to. */
    private static final String READ_MODELS_PROCESSOR = "projections";

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
        List<JsonNode> answers = new ArrayList<>();
        for (Reply answer : AtOnce.send(querySides.size(), sender -> api.send(querySides.get(sender), "POST",
                "/actuator/dead-letters/all", adminToken, null))) {
            assertThat(answer.status()).as("%s", answer).isEqualTo(200);
            answers.add(answer.json());
        }
        return answers;
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

    /** Waits until every segment of the processor of market-applications has passed the store's last event. */
    private static void awaitMarketApplicationsCaughtUp() throws Exception {
        long deadline = System.nanoTime() + SCALE.convergeWithin().toNanos();
        while (true) {
            try (Connection admin = rig.connectAs(rig.admin().user());
                 PreparedStatement behind = admin.prepareStatement("""
                         SELECT count(*) FROM token_entry
                         WHERE processor_name = ?
                           AND coalesce((convert_from(token, 'UTF8')::jsonb ->> 'index')::bigint, -1)
                               < (SELECT coalesce(max(global_index), 0) FROM domain_event_entry)""")) {
                behind.setString(1, READ_MODELS_PROCESSOR);
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
