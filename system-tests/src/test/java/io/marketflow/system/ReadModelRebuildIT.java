package io.marketflow.system;

import static io.marketflow.system.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.marketflow.system.Api.Reply;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Rebuilding read models from the events, through the admin-only actuator endpoint, on a system of its own (other
 * suites tamper with the shared store on purpose). The live tables that the processors kept up event by event and the
 * tables rebuilt from scratch must agree row for row; the replaced ones stay in schema {@code marketflow_retired}.
 */
class ReadModelRebuildIT {

    /** Every read-model table, with the processing group that writes it. */
    private static final Map<String, String> TABLES = new LinkedHashMap<>();

    static {
        TABLES.put("market_application_market", "market-applications");
        TABLES.put("market_application", "market-applications");
        TABLES.put("market_counts", "market-counts");
        TABLES.put("vendor_application", "vendor-applications");
        TABLES.put("directory_market", "market-directory");
        TABLES.put("market_history_event", "market-history");
    }

    private static final Pattern TOKEN_INDEX = Pattern.compile("\"index\"\\s*:\\s*(\\d+)");

    private static MarketflowSystem system;
    private static Api api;

    @BeforeAll
    static void startOwnSystem() {
        system = MarketflowSystem.startDedicated("rebuild");
        api = new Api(system);
    }

    @AfterAll
    static void stopOwnSystem() {
        if (system != null) {
            system.close();
        }
    }

    @Test
    void aRebuildAfterThousandsOfCommandsMatchesTheLiveReadModelsRowForRow() throws SQLException {
        Workload workload = new Workload(api, 4, 12, 4, 150);
        workload.run(8, 8);
        assertThat(workload.acknowledged()).isGreaterThan(2000);
        awaitProjectionsCaughtUp();

        JsonNode done = rebuild("all");

        long events = system.eventCount();
        assertThat(done.get("eventsDone").asLong()).isEqualTo(events);
        assertThat(done.get("groups")).hasSize(5);
        long rows = 0;
        for (String table : TABLES.keySet()) {
            assertThat(count("marketflow_retired." + table)).as(table).isPositive();
            assertThat(differences(table)).as("rows of %s that differ", table).isZero();
            rows += count("public." + table);
        }
        System.out.printf("read-model rebuild: commands %d, events %d, rows %d, differing rows 0, %d events/s%n",
                workload.acknowledged(), events, rows, done.get("eventsPerSecond").asLong());
    }

    @Test
    void aRebuildWhileCommandsFlowLosesNothingAndTheSwappedTablesKeepFollowing() throws SQLException {
        Workload workload = new Workload(api, 5, 6, 3, 40);
        AtomicBoolean stop = new AtomicBoolean();
        CompletableFuture<Void> traffic = CompletableFuture.runAsync(() -> workload.runUntil(stop, 4));
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> workload.acknowledged() > 300);
            JsonNode underLoad = rebuild("all");
            assertThat(underLoad.get("state").asText()).isEqualTo("COMPLETED");
            await().atMost(Duration.ofSeconds(30)).until(() -> workload.acknowledged() > 600);
        } finally {
            stop.set(true);
        }
        traffic.join();
        awaitProjectionsCaughtUp();

        // the tables swapped in under load, then kept up by the processors, against tables rebuilt at rest
        rebuild("all");
        for (String table : TABLES.keySet()) {
            assertThat(differences(table)).as("rows of %s that differ", table).isZero();
        }

        // and they still serve, to their owner only
        String organizer = api.organizer(Api.someone("organizer"));
        Reply created = api.command("POST", "/api/markets", organizer, "{\"name\": \"After The Rebuild\"}");
        assertThat(created.status()).isEqualTo(201);
        UUID market = created.id();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(api.query("/api/markets/" + market, organizer).status()).isEqualTo(200));
        assertThat(api.query("/api/markets/" + market, api.organizer(Api.someone("organizer"))).status())
                .isEqualTo(404);
    }

    @Test
    void onlyAnAdminMayRebuildAndOnlyGroupsThatExist() {
        String rebuildAll = "/rebuild/all";
        assertThat(management("POST", rebuildAll, null).status()).isEqualTo(401);
        assertThat(management("POST", rebuildAll, api.organizer(Api.someone("organizer"))).status()).isEqualTo(403);
        assertThat(management("GET", "/rebuild", api.auditor(Api.someone("auditor"), "someone")).status())
                .isEqualTo(403);

        Reply unknown = management("POST", "/rebuild/market-secrets", admin());

        JsonNode problem = assertProblem(unknown, 400);
        assertThat(problem.get("type").asText()).isEqualTo("urn:marketflow:problem:unknown-processing-group");
        assertThat(problem.get("detail").asText()).contains("market-applications");
    }

    /** Starts a rebuild of {@code group}, follows its progress and answers its final status, which must be success. */
    private static JsonNode rebuild(String group) {
        Reply started = management("POST", "/rebuild/" + group, admin());
        assertThat(started.status()).as("%s", started).isEqualTo(202);
        assertThat(started.json().get("state").asText()).isEqualTo("REPLAYING");
        List<JsonNode> seen = new ArrayList<>();
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(100)).until(() -> {
            Reply status = management("GET", "/rebuild", admin());
            assertThat(status.status()).isEqualTo(200);
            seen.add(status.json());
            return status.json().hasNonNull("finishedAt");
        });
        JsonNode last = seen.get(seen.size() - 1);
        assertThat(last.get("state").asText()).as("%s", last).isEqualTo("COMPLETED");
        assertThat(last.get("eventsPerSecond").asLong()).isPositive();
        for (JsonNode progress : seen) {
            assertThat(progress.get("eventsDone").asLong()).isLessThanOrEqualTo(progress.get("eventsTotal").asLong());
        }
        return last;
    }

    private static Reply management(String method, String path, String token) {
        return api.send(system.querySideManagement(), method, path, token, null);
    }

    private static String admin() {
        return api.token(Api.someone("operator"), List.of("admin"));
    }

    /** Rows in one of {@code public.table} and {@code marketflow_retired.table} but not the other, duplicates counted. */
    private static long differences(String table) throws SQLException {
        return single("""
                SELECT (SELECT count(*) FROM (TABLE public.%1$s EXCEPT ALL TABLE marketflow_retired.%1$s) a)
                     + (SELECT count(*) FROM (TABLE marketflow_retired.%1$s EXCEPT ALL TABLE public.%1$s) b)"""
                .formatted(table));
    }

    private static long count(String qualifiedTable) throws SQLException {
        return single("SELECT count(*) FROM " + qualifiedTable);
    }

    private static long single(String sql) throws SQLException {
        try (Connection connection = system.connectAs(system.admin().user());
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(sql)) {
            result.next();
            return result.getLong(1);
        }
    }

    /** Waits until every segment of the live processor, which every processing group is assigned to, has passed the store's last event. */
    private static void awaitProjectionsCaughtUp() {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
            long head = single("SELECT coalesce(max(global_index), 0) FROM domain_event_entry");
            try (Connection connection = system.connectAs(system.admin().user());
                 Statement statement = connection.createStatement();
                 ResultSet tokens = statement.executeQuery(
                         "SELECT processor_name, convert_from(token, 'UTF8') FROM token_entry")) {
                Map<String, Integer> behind = new LinkedHashMap<>();
                int segments = 0;
                while (tokens.next()) {
                    segments++;
                    Matcher index = TOKEN_INDEX.matcher(String.valueOf(tokens.getString(2)));
                    if (!index.find() || Long.parseLong(index.group(1)) < head) {
                        behind.merge(tokens.getString(1), 1, Integer::sum);
                    }
                }
                // the one live processor of every read model, with its four segments
                return segments >= 4 && behind.isEmpty();
            }
        });
    }
}
