package io.marketflow.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.marketflow.dev.LocalResources;
import io.marketflow.dev.SideProcess;
import io.marketflow.system.Api.Reply;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * What an operator scrapes: {@code /actuator/prometheus} on both sides, without a token on the private management
 * port and for admins only on the API port, with the projection lag, the parked events and the other meters the
 * shipped dashboard and alert rules are written against.
 */
class MetricsIT {

    private static final String PROMETHEUS = "/actuator/prometheus";
    private static final Path OPS = MarketflowSystem.root().resolve("ops");

    private final MarketflowSystem system = MarketflowSystem.get();
    private final Api api = new Api(system);

    @Test
    void theManagementPortServesMetricsToAnyoneWhoCanReachIt() {
        for (String management : List.of(system.commandSideManagement(), system.querySideManagement())) {
            Reply metrics = api.send(management, "GET", "/prometheus", null, null);

            assertThat(metrics.status()).as("%s", metrics).isEqualTo(200);
            assertThat(metrics.header("Content-Type")).startsWith("text/plain");
            assertThat(metrics.body()).contains("jvm_memory_used_bytes", "marketflow_requests_rate_limited_total");
        }
        assertThat(scrape(system.querySideManagement()).names())
                .contains("marketflow_projection_lag_events", "marketflow_dead_letters",
                        "marketflow_live_feed_subscribers", "marketflow_rebuild_running");
    }

    @Test
    void onTheApiPortOnlyAdminsReadMetrics() {
        // the shared system's sides have a management port, where actuator answers instead: this side has none
        Path logs = MarketflowSystem.root().resolve("system-tests/target/process-logs/metrics");
        try (SideProcess side = SideProcess.start(new SideProcess.Launch("command-side",
                SideProcess.builtJar(MarketflowSystem.root(), "command-side"), LocalResources.freePort(),
                MarketflowSystem.sideEnvironment(system.admin(), system.issuer()), MarketflowSystem.SIDE_JVM,
                logs.resolve("command-side.log")), Duration.ofMinutes(3))) {
            String organizer = api.organizer(Api.someone("organizer"));
            String admin = api.token(Api.someone("operator"), List.of("admin"));

            ProblemAssertions.assertProblem(api.send(side.baseUrl(), "GET", PROMETHEUS, null, null), 401);
            ProblemAssertions.assertProblem(api.send(side.baseUrl(), "GET", PROMETHEUS, organizer, null), 403);
            Reply metrics = api.send(side.baseUrl(), "GET", PROMETHEUS, admin, null);
            assertThat(metrics.status()).as("%s", metrics).isEqualTo(200);
            assertThat(metrics.body()).contains("marketflow_requests_rate_limited_total");
        }
    }

    @Test
    void lagRisesWhileABacklogIsProjectedAndFallsToZeroAfter() throws SQLException {
        awaitNoLag();
        int markets = 5_000;
        appendMarkets(markets);

        AtomicLong highest = new AtomicLong();
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> {
            Scrape scrape = scrape(system.querySideManagement());
            double lag = scrape.value("marketflow_projection_lag_events", Map.of("group", "market-directory"));
            highest.accumulateAndGet((long) lag, Math::max);
            assertThat(highest.get()).as("the backlog was seen").isPositive();
            assertThat(scrape.values("marketflow_projection_lag_events")).as("every group caught up")
                    .isNotEmpty().allSatisfy(value -> assertThat(value).isZero());
        });
        assertThat(highest.get()).isLessThanOrEqualTo(markets);
    }

    @Test
    void aParkedEventShowsInTheDeadLetterGaugeOfEachGroupThatParkedIt() throws SQLException {
        Map<String, String> marketApplications = Map.of("group", "market-applications");
        double before = scrape(system.querySideManagement()).value("marketflow_dead_letters", marketApplications);

        PoisonEvents.appendApplicationWithoutNames(system, UUID.randomUUID().toString());

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(scrape(system.querySideManagement())
                .value("marketflow_dead_letters", marketApplications)).isEqualTo(before + 1));
        assertThat(scrape(system.querySideManagement()).value("marketflow_dead_letters",
                Map.of("group", "market-directory"))).as("a group that could apply it parks nothing").isZero();
    }

    @Test
    void everyMetricTheDashboardAndTheAlertsNameIsExported() throws Exception {
        causeEveryCountedOutcome();
        Set<String> exported = new TreeSet<>(scrape(system.commandSideManagement()).names());
        exported.addAll(scrape(system.querySideManagement()).names());

        Set<String> named = new TreeSet<>(PromQl.metricNames(Files.readString(
                OPS.resolve("prometheus/marketflow-alerts.yml")), PromQl.Source.RULES));
        named.addAll(PromQl.metricNames(Files.readString(OPS.resolve("grafana/marketflow-dashboard.json")),
                PromQl.Source.DASHBOARD));

        assertThat(named).as("the metrics the dashboard and the rules use").hasSizeGreaterThan(8);
        assertThat(exported).containsAll(named);
    }

    /** A refused command, an idempotent replay and a live feed: meters that appear with their first event. */
    private void causeEveryCountedOutcome() {
        String organizer = api.organizer(Api.someone("organizer"));
        UUID market = api.createMarket(organizer, "Metered Market");
        ProblemAssertions.assertProblem(api.decide(organizer, market, UUID.randomUUID(), "APPROVED"), 404);
        String key = UUID.randomUUID().toString();
        for (int i = 0; i < 2; i++) {
            Reply created = api.send(system.commandSide(), "POST", "/api/markets", organizer,
                    "{\"name\": \"Keyed Market\", \"location\": \"Square\"}", Map.of("Idempotency-Key", key));
            assertThat(created.status()).as("%s", created).isEqualTo(201);
        }
    }

    private void awaitNoLag() {
        await().atMost(Duration.ofMinutes(1)).untilAsserted(() -> assertThat(scrape(system.querySideManagement())
                .values("marketflow_projection_lag_events")).allSatisfy(value -> assertThat(value).isZero()));
    }

    /** {@code count} new markets, each one MarketCreated event, in one transaction: a backlog that appears at once. */
    private void appendMarkets(int count) throws SQLException {
        try (Connection connection = system.connectAs(system.admin().user());
             Statement insert = connection.createStatement()) {
            insert.execute("""
                    INSERT INTO domain_event_entry (aggregate_identifier, sequence_number, type, event_identifier,
                                                    meta_data, payload, payload_type, time_stamp)
                    SELECT id::text, 0, 'Market', gen_random_uuid()::text,
                           convert_to('{"actor":"metrics","actorRole":"organizer"}', 'UTF8'),
                           convert_to(json_build_object('marketId', json_build_object('value', id),
                               'owner', json_build_object('value', 'metrics-organizer'), 'name', 'Backlog ' || n,
                               'location', 'Square', 'createdAt', '2026-01-01T00:00:00Z')::text, 'UTF8'),
                           'io.marketflow.api.market.MarketCreated', '2026-01-01T00:00:00Z'
                    FROM (SELECT n, gen_random_uuid() AS id FROM generate_series(1, %d) AS n) AS market
                    """.formatted(count));
        }
    }

    private Scrape scrape(String management) {
        Reply reply = api.send(management, "GET", "/prometheus", null, null);
        assertThat(reply.status()).as("%s", reply).isEqualTo(200);
        return Scrape.parse(reply.body());
    }
}
