package io.marketflow.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The per-market application list under row-level security: one market of 10,000 applications among 1,000,000 rows
 * of many tenants. Over HTTP: the first page and a page deep in the market, from 32 clients. The cost of isolation:
 * the handler's very SQL as the reader role under RLS (tenant set per transaction) against the same SQL as the admin,
 * whom RLS does not apply to, in the same run over as many connections.
 */
final class ListScenario implements Scenario {

    private static final String PAGE_SQL = """
            SELECT * FROM market_application WHERE tenant_id = ? AND market_id = ?
            ORDER BY submitted_at DESC, application_id DESC LIMIT 51""";

    @Override
    public String name() {
        return "list";
    }

    @Override
    public String description() {
        return "a market's application list, first and deep page, under RLS; RLS vs no RLS for the same SQL";
    }

    @Override
    public Outcome run(BenchSystem system, Settings settings) throws Exception {
        String tenant = "organizer-list";
        String token = new Marketplace(system).organizerToken(tenant);
        UUID market = Http.require(Http.send("POST", system.commandSide() + "/api/markets", token,
                "{\"name\":\"The Big Market\"}"), "creating the market").json().get("id").asText()
                .transform(UUID::fromString);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (Http.send("GET", system.querySide() + "/api/markets/" + market + "/applications", token, null)
                .status() != 200) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the market was not projected in 30 s");
            }
            Thread.sleep(100);
        }
        fill(system, tenant, market, settings);
        String first = system.querySide() + "/api/markets/" + market + "/applications?limit=50";
        String deep = first + "&cursor=" + cursorAt(first, token, settings.listMarketRows() * 9 / 10);

        LoadDriver.Result firstPage = new LoadDriver("list-first-page", settings.clients(), settings.coldWarmUp(),
                settings.measured()).accountingFor(system.cpuAccount())
                .closedLoop(client -> Http.send("GET", first, token, null).ok());
        LoadDriver.Result deepPage = new LoadDriver("list-deep-page", settings.clients(), settings.warmUp(),
                settings.measured()).closedLoop(client -> Http.send("GET", deep, token, null).ok());
        // alternated, the better of two runs each: the driver's own JIT keeps warming, which would favour the later
        LoadDriver.Result underRls = sqlLoop(system, "marketflow_reader", tenant, market, settings);
        LoadDriver.Result noRls = sqlLoop(system, system.admin().user(), tenant, market, settings);
        underRls = faster(underRls, sqlLoop(system, "marketflow_reader", tenant, market, settings));
        noRls = faster(noRls, sqlLoop(system, system.admin().user(), tenant, market, settings));

        double isolation = underRls.perSecond() / noRls.perSecond();
        List<Figure> figures = new ArrayList<>(List.of(
                Figure.of(name(), "first page over HTTP", firstPage.perSecond(), "queries/s")
                        .target(">= 2,500/s", firstPage.perSecond() >= 2500),
                Figure.of(name(), "first page p99", firstPage.millis(99), "ms").target("<= 20 ms",
                        firstPage.millis(99) <= 20),
                Figure.of(name(), "CPU per first-page read, all processes", firstPage.cpuMillisPerOperation(), "ms")
                        .target("<= 0.5 ms", firstPage.cpuMillisPerOperation() <= 0.5),
                Figure.of(name(), "deep page over HTTP", deepPage.perSecond(), "queries/s")
                        .against("first page", firstPage.perSecond())
                        .target("as fast as the first", deepPage.perSecond() >= 0.9 * firstPage.perSecond()),
                Figure.of(name(), "deep page p99", deepPage.millis(99), "ms").target("<= 10 ms",
                        deepPage.millis(99) <= 10),
                Figure.of(name(), "the page's SQL under RLS (reader role)", underRls.perSecond(), "queries/s")
                        .against("the same SQL without RLS (admin)", noRls.perSecond())
                        .target("ratio >= 0.95", isolation >= 0.95)));
        firstPage.cpu().millis().keySet().forEach(process -> figures.add(Figure.of(name(),
                "CPU per first-page read: " + process, firstPage.cpuMillisPerOperation(process), "ms")));
        return new Outcome(figures, List.of(new Series("first page", firstPage.latencyMicros()),
                new Series("deep page", deepPage.latencyMicros()),
                new Series("page SQL under RLS", underRls.latencyMicros()),
                new Series("page SQL without RLS", noRls.latencyMicros())));
    }

    private static LoadDriver.Result faster(LoadDriver.Result one, LoadDriver.Result other) {
        return one.perSecond() >= other.perSecond() ? one : other;
    }

    /** The market's rows, and the other tenants' around them, written straight into the read model. */
    private static void fill(BenchSystem system, String tenant, UUID market, Settings settings) throws Exception {
        long started = System.nanoTime();
        try (Connection connection = system.connectAs(system.admin().user());
             Statement statement = connection.createStatement()) {
            statement.execute("""
                    INSERT INTO market_application (application_id, market_id, tenant_id, vendor_id, vendor_name,
                                                    status, note, submitted_at, updated_at, last_sequence)
                    SELECT md5('own' || i)::uuid, '%s', '%s', 'vendor-' || i, 'Stall ' || i, 'SUBMITTED', 'note',
                           timestamptz '2026-01-01' + i * interval '1 minute',
                           timestamptz '2026-01-01' + i * interval '1 minute', i
                    FROM generate_series(1, %d) AS i""".formatted(market, tenant, settings.listMarketRows()));
            statement.execute("""
                    INSERT INTO market_application (application_id, market_id, tenant_id, vendor_id, vendor_name,
                                                    status, note, submitted_at, updated_at, last_sequence)
                    SELECT md5('other' || i)::uuid, md5('market' || (i %% 1000))::uuid,
                           'organizer-' || (i %% 100), 'vendor-' || i, 'Stall ' || i,
                           (ARRAY['SUBMITTED','APPROVED','REJECTED','WAITLISTED'])[1 + i %% 4], 'note',
                           timestamptz '2026-01-01' + i * interval '1 second',
                           timestamptz '2026-01-01' + i * interval '1 second', i
                    FROM generate_series(1, %d) AS i""".formatted(settings.listRows() - settings.listMarketRows()));
            statement.execute("ANALYZE market_application");
        }
        System.out.printf("[list] %,d rows written in %.1f s%n", settings.listRows(),
                (System.nanoTime() - started) / 1e9);
    }

    /** The cursor of the page that starts after {@code position} items, walked to page by page. */
    private static String cursorAt(String firstPage, String token, int position) {
        String cursor = null;
        for (int seen = 0; seen < position; seen += 50) {
            Http.Answer page = Http.require(Http.send("GET", firstPage + (cursor == null ? "" : "&cursor=" + cursor),
                    token, null), "paging");
            cursor = page.json().get("nextCursor").asText();
        }
        return cursor;
    }

    /**
     * The page's SQL with the tenant set as {@code TenantReads} sets it: the setting and the page sent together, in
     * auto-commit, which PostgreSQL runs as one implicit transaction.
     */
    private static LoadDriver.Result sqlLoop(BenchSystem system, String role, String tenant, UUID market,
                                             Settings settings) throws Exception {
        List<Connection> connections = new ArrayList<>();
        List<PreparedStatement> statements = new ArrayList<>();
        try {
            for (int c = 0; c < settings.clients(); c++) {
                Connection connection = system.connectAs(role);
                connections.add(connection);
                statements.add(connection.prepareStatement(
                        "SELECT set_config('app.tenant_id', ?, true);\n" + PAGE_SQL));
            }
            return new LoadDriver("list-sql-" + role, settings.clients(), settings.warmUp(), settings.measured())
                    .closedLoop(client -> {
                        PreparedStatement mine = statements.get(client);
                        mine.setString(1, tenant);
                        mine.setString(2, tenant);
                        mine.setObject(3, market);
                        mine.execute();
                        int rows = 0;
                        if (mine.getMoreResults()) {
                            try (ResultSet page = mine.getResultSet()) {
                                while (page.next()) {
                                    rows++;
                                }
                            }
                        }
                        return rows == 51;
                    });
        } finally {
            for (Connection connection : connections) {
                connection.close();
            }
        }
    }
}
