package io.marketflow.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketflow.system.Api.Reply;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An erasure ({@code DELETE /api/vendors/me}) cut short by {@code kill -9} of the command-side instance carrying it,
 * at delays spread over the erasure's own duration, each round with a fresh vendor, on two command-side instances
 * that take turns being killed. The store then holds the vendor's old state (its data key live, no
 * {@code VendorErased}, its remembered answers kept) or the erased one (every key destroyed, one {@code VendorErased},
 * no remembered answer), never a mix, and the erased one whenever the client got its 204; the erasure sent again
 * after the restart ends erased.
 */
class ErasureCrashIT {

    private static final String VENDOR_ERASED = "io.marketflow.api.vendor.VendorErased";
    /**
     * When each round kills, as a share of the time a whole erasure took on the instance just before, sent the same
     * way: from before the request is handed to the client to its answer, so that the kills fall before, inside and
     * after the erasure's transaction.
     */
    private static final double[] KILL_AT = {0.0, 0.4, 0.55, 0.65, 0.75, 0.85, 1.0, 1.5};
    /** How long PostgreSQL may take to end the killed instance's sessions, rolling back what they had not committed. */
    private static final Duration SETTLE = Duration.ofMillis(500);

    private static FaultRig rig;
    private static Api api;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() {
        rig = FaultRig.start("erasure-crash", 2, 0);
        api = new Api(rig);
    }

    @AfterAll
    static void stop() {
        if (rig != null) {
            rig.close();
        }
    }

    record Vendor(String id, String token) {
    }

    /** What the store holds about a vendor's erasure. */
    record State(List<String> keys, long erasedEvents, long rememberedAnswers) {

        boolean old(long answersBefore) {
            return !keys.isEmpty() && keys.stream().allMatch("live"::equals) && erasedEvents == 0
                    && rememberedAnswers == answersBefore;
        }

        boolean erased() {
            return !keys.isEmpty() && keys.stream().allMatch("destroyed"::equals) && erasedEvents == 1
                    && rememberedAnswers == 0;
        }
    }

    /** A round whose instance was killed: what it left, to check again and finish once the instance is back. */
    record Round(int number, Vendor vendor, long answersBefore, State afterKill, Integer answer, long delayMicros,
                 long erasureMicros) {
    }

    @Test
    void anErasureCutShortByKillMinus9LeavesTheOldStateOrTheErasedOneAndARetryErases() throws Exception {
        String organizer = api.organizer(Api.someone("organizer-crash"));
        Reply created = api.send(rig.commandSide(0), "POST", "/api/markets", organizer,
                "{\"name\": \"Crash Market\", \"location\": \"Pier\"}");
        assertThat(created.status()).as("%s", created).isEqualTo(201);
        UUID market = created.id();

        Round[] waitingForRestart = new Round[2];
        Thread[] restarts = new Thread[2];
        List<String> outcomes = new ArrayList<>();
        for (int number = 0; number < KILL_AT.length; number++) {
            int target = number % 2;
            String name = "command-side-" + target;
            if (restarts[target] != null) {
                outcomes.add(finish(waitingForRestart[target], target, restarts[target]));
            }
            String base = rig.commandSide(target);
            long erasureMicros = erasureMicros(base);
            Vendor vendor = vendor("vendor-crash-" + number);
            saved(api.send(base, "PUT", "/api/vendors/me", vendor.token(),
                    "{\"businessName\": \"Crash Stall " + number + "\", \"category\": \"bread\"}",
                    Map.of("Idempotency-Key", UUID.randomUUID().toString())));
            Reply applied = api.send(base, "POST", "/api/markets/" + market + "/applications", vendor.token(),
                    "{\"note\": \"round " + number + "\"}", Map.of("Idempotency-Key", UUID.randomUUID().toString()));
            assertThat(applied.status()).as("%s", applied).isEqualTo(201);
            long answersBefore = state(vendor).rememberedAnswers();
            assertThat(answersBefore).as("remembered answers of %s", vendor.id()).isEqualTo(2);
            assertThat(state(vendor).old(answersBefore)).as("%s before its erasure", state(vendor)).isTrue();

            long delayMicros = (long) (KILL_AT[number] * erasureMicros);
            CompletableFuture<HttpResponse<String>> erasure = sendErasure(base, vendor);
            if (delayMicros > 0) {
                LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(delayMicros));
            }
            rig.kill(name);
            Integer answer = answerOf(erasure);
            Thread.sleep(SETTLE.toMillis());
            State afterKill = state(vendor);
            if (answer != null) {
                assertThat(answer).as("the answer to round %d's erasure", number).isEqualTo(204);
                assertThat(afterKill.erased()).as("round %d: answered 204, then %s", number, afterKill).isTrue();
            } else {
                assertThat(afterKill.old(answersBefore) || afterKill.erased())
                        .as("round %d: killed %d µs into an erasure of %d µs, the store holds %s", number,
                                delayMicros, erasureMicros, afterKill).isTrue();
            }
            waitingForRestart[target] = new Round(number, vendor, answersBefore, afterKill, answer, delayMicros,
                    erasureMicros);
            restarts[target] = new Thread(() -> rig.restart(name), "restart-" + name);
            restarts[target].start();
        }
        for (int target = 0; target < 2; target++) {
            if (restarts[target] != null) {
                outcomes.add(finish(waitingForRestart[target], target, restarts[target]));
            }
        }
        System.out.println("erasure crash: " + String.join("; ", outcomes));
    }

    /**
     * Once {@code target} is back: the round's state has not changed since the kill, and the erasure sent again
     * erases the vendor, once.
     */
    private static String finish(Round round, int target, Thread restart) throws Exception {
        restart.join(TimeUnit.MINUTES.toMillis(4));
        assertThat(rig.isAlive("command-side-" + target)).as("command-side-%d restarted", target).isTrue();
        State now = state(round.vendor());
        assertThat(now).as("round %d's state after the restart", round.number()).isEqualTo(round.afterKill());
        Reply again = api.send(rig.commandSide(target), "DELETE", "/api/vendors/me", round.vendor().token(), null);
        assertThat(again.status()).as("%s", again).isEqualTo(204);
        State end = state(round.vendor());
        assertThat(end.erased()).as("round %d after the erasure was sent again: %s", round.number(), end).isTrue();
        return "round " + round.number() + " killed at " + round.delayMicros() + " of " + round.erasureMicros()
                + " µs: " + (round.answer() == null ? "no answer" : "answered " + round.answer()) + ", "
                + (round.afterKill().erased() ? "erased" : "old state") + ", erased after the retry";
    }

    /** How long an erasure takes on {@code base}, sent as the rounds send it: the median of three (a vendor each). */
    private static long erasureMicros(String base) throws Exception {
        List<Long> took = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Vendor warmUp = vendor("vendor-warm-up");
            saved(api.send(base, "PUT", "/api/vendors/me", warmUp.token(),
                    "{\"businessName\": \"Warm-up Stall\", \"category\": \"\"}"));
            long started = System.nanoTime();
            HttpResponse<String> erased = sendErasure(base, warmUp).get(30, TimeUnit.SECONDS);
            took.add(TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - started));
            assertThat(erased.statusCode()).as("a warm-up erasure: %s", erased.body()).isEqualTo(204);
        }
        Collections.sort(took);
        return took.get(1);
    }

    private static CompletableFuture<HttpResponse<String>> sendErasure(String base, Vendor vendor) {
        return HTTP.sendAsync(HttpRequest.newBuilder(URI.create(base + "/api/vendors/me")).DELETE()
                        .header("Authorization", "Bearer " + vendor.token()).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The erasure's status code, or null when the killed instance never answered. */
    private static Integer answerOf(CompletableFuture<HttpResponse<String>> erasure) throws InterruptedException {
        try {
            return erasure.get(30, TimeUnit.SECONDS).statusCode();
        } catch (ExecutionException noAnswer) {
            return null;
        } catch (TimeoutException e) {
            throw new AssertionError("an erasure sent to a killed instance neither answered nor failed", e);
        }
    }

    private static State state(Vendor vendor) throws SQLException {
        List<String> keys = new ArrayList<>();
        try (Connection admin = rig.connectAs(rig.admin().user())) {
            try (PreparedStatement select = admin.prepareStatement("""
                    SELECT CASE WHEN wrapped_key IS NOT NULL AND destroyed_at IS NULL THEN 'live'
                                WHEN wrapped_key IS NULL AND destroyed_at IS NOT NULL THEN 'destroyed'
                                ELSE 'half-destroyed' END
                    FROM vendor_data_key WHERE vendor_id = ? ORDER BY generation""")) {
                select.setString(1, vendor.id());
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        keys.add(rows.getString(1));
                    }
                }
            }
            long erasedEvents = count(admin, "SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = ?"
                    + " AND payload_type = '" + VENDOR_ERASED + "'", vendor.id());
            return new State(keys, erasedEvents,
                    count(admin, "SELECT count(*) FROM idempotency_key WHERE caller = ?", vendor.id()));
        }
    }

    private static long count(Connection admin, String sql, String parameter) throws SQLException {
        try (PreparedStatement select = admin.prepareStatement(sql)) {
            select.setString(1, parameter);
            try (ResultSet result = select.executeQuery()) {
                result.next();
                return result.getLong(1);
            }
        }
    }

    private static void saved(Reply reply) {
        assertThat(reply.status()).as("%s", reply).isIn(200, 201);
    }

    private static Vendor vendor(String prefix) {
        String id = Api.someone(prefix);
        return new Vendor(id, api.vendor(id));
    }
}
