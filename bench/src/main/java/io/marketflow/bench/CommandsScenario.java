package io.marketflow.bench;

import io.marketflow.bench.Marketplace.Application;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Status changes on 1,000 markets from 32 clients over HTTP with signed tokens: the most commands per second the
 * command side acknowledges, against the JDBC ceiling; then the latency at half that rate; and each side's memory
 * meanwhile, under {@code -Xmx512m}.
 */
final class CommandsScenario implements Scenario {

    private static final String[] NEXT = {"WAITLISTED", "APPROVED"};
    private static final int COUNTED_APPLICATIONS = 100;

    @Override
    public String name() {
        return "commands";
    }

    @Override
    public String description() {
        return "status changes on many markets from 32 clients: peak rate against the JDBC ceiling, latency at half of it, memory";
    }

    @Override
    public Outcome run(BenchSystem system, Settings settings) throws Exception {
        Marketplace marketplace = new Marketplace(system)
                .open(settings.organizers(), settings.marketsEach(), vendorsFor(settings), settings.clients());
        List<Application> applications = marketplace.apply(settings.applications(), settings.clients());
        System.out.printf("[commands] %d markets, %d applications ready%n", marketplace.markets.size(),
                applications.size());

        LoadDriver.Result ceiling = JdbcCeiling.measure(system,
                new LoadDriver("jdbc-ceiling", settings.clients(), settings.warmUp(), settings.measured())
                        .accountingFor(system.cpuAccount().databaseOnly()),
                settings.clients());

        // a few are kept aside to count the statements of single commands
        int counted = Math.min(COUNTED_APPLICATIONS, applications.size() / 5);
        List<Application> forCounting = applications.subList(applications.size() - counted, applications.size());
        applications = applications.subList(0, applications.size() - counted);
        // each client decides on its own applications: no two clients touch one, so no conflict is measured
        List<List<Application>> own = new ArrayList<>();
        for (int c = 0; c < settings.clients(); c++) {
            own.add(new ArrayList<>());
        }
        for (int i = 0; i < applications.size(); i++) {
            own.get(i % settings.clients()).add(applications.get(i));
        }
        AtomicInteger[] cursor = new AtomicInteger[settings.clients()];
        for (int c = 0; c < cursor.length; c++) {
            cursor[c] = new AtomicInteger();
        }
        LoadDriver.Operation decide = client -> {
            int step = cursor[client].getAndIncrement();
            List<Application> mine = own.get(client);
            if (step / 2 >= mine.size()) {
                throw new IllegalStateException("client " + client + " ran out of applications");
            }
            Application application = mine.get(step / 2);
            return Http.send("PATCH", system.commandSide() + "/api/markets/" + application.market().id()
                            + "/applications/" + application.id(), application.market().organizerToken(),
                    "{\"status\":\"" + NEXT[step % 2] + "\",\"reason\":\"benchmark\"}").ok();
        };

        LoadDriver.Result peak;
        double commandHeap;
        double queryHeap;
        double majorCollections;
        try (SideMonitor command = new SideMonitor(system.commandActuator(), system.commandPid());
             SideMonitor query = new SideMonitor(system.queryActuator(), system.queryPid())) {
            peak = new LoadDriver("commands", settings.clients(), settings.warmUp(), settings.measured())
                    .accountingFor(system.cpuAccount())
                    .closedLoop(decide);
            commandHeap = command.peakHeapMegabytes();
            queryHeap = query.peakHeapMegabytes();
            majorCollections = command.majorCollections() + query.majorCollections();
        }
        double half = peak.perSecond() / 2;
        LoadDriver.Result paced = new LoadDriver("commands-half-rate", settings.clients(), settings.warmUp(),
                settings.measured()).atRate(half, decide);

        // the same request refused by the controller (a status the contract does not know): the web, security and
        // JSON path alone, with nothing for Axon or PostgreSQL to do; what a status change costs beyond it is the rest
        LoadDriver.Result refused = new LoadDriver("commands-refused-at-the-edge", settings.clients(),
                settings.warmUp(), settings.measured())
                .accountingFor(system.cpuAccount())
                .closedLoop(client -> {
                    Application application = own.get(client).get(0);
                    return Http.send("PATCH", system.commandSide() + "/api/markets/" + application.market().id()
                                    + "/applications/" + application.id(), application.market().organizerToken(),
                            "{\"status\":\"NOT_A_STATUS\"}").status() == 400;
                });

        StatementCount statements = statementsPerCommand(system, forCounting);

        double ratio = peak.perSecond() / ceiling.perSecond();
        List<Figure> figures = new ArrayList<>(List.of(
                Figure.of(name(), "status changes per second (32 clients)", peak.perSecond(), "commands/s")
                        .against("JDBC appends per second", ceiling.perSecond())
                        .target(">= 1,000/s", peak.perSecond() >= 1000),
                Figure.of(name(), "p99 latency at the peak rate (32 clients)", peak.millis(99), "ms")
                        .target("<= 50 ms", peak.millis(99) <= 50),
                Figure.of(name(), "errors during the peak run", peak.errors(), "answers not 2xx")
                        .target("0", peak.errors() == 0),
                Figure.of(name(), "p99 latency at half the peak rate (" + Math.round(half) + "/s)", paced.millis(99),
                                "ms")
                        .against("p99 of a JDBC append", ceiling.millis(99))
                        .target("<= 25 ms", paced.millis(99) <= 25),
                Figure.of(name(), "p50 latency at half the peak rate", paced.millis(50), "ms"),
                Figure.of(name(), "database statements per status change", statements.perCommand(), "statements")
                        .target("no extra round trip for the owner check", !statements.ownerLookup()),
                Figure.of(name(), "command side: peak heap used (-Xmx512m)", commandHeap, "MB"),
                Figure.of(name(), "query side: peak heap used (-Xmx512m)", queryHeap, "MB"),
                Figure.of(name(), "major collections during the peak run, both sides", majorCollections, "collections")
                        .target("no full-GC storm", majorCollections < 5),
                Figure.of(name(), "command side: peak RSS", SideMonitor.peakRssMegabytes(system.commandPid()), "MB"),
                Figure.of(name(), "query side: peak RSS", SideMonitor.peakRssMegabytes(system.queryPid()), "MB")));
        figures.addAll(cpuFigures(name(), "status change", peak, ceiling, 2.0));
        figures.add(Figure.of(name(), "command side: CPU per request refused by the controller (web path alone)",
                        refused.cpuMillisPerOperation("command side"), "ms")
                .against("command side per status change", peak.cpuMillisPerOperation("command side")));
        figures.add(Figure.of(name(), "requests refused by the controller per second (32 clients)",
                refused.perSecond(), "requests/s"));
        return new Outcome(figures, List.of(new Series("commands, closed loop", peak.latencyMicros()),
                new Series("commands at half rate", paced.latencyMicros()),
                new Series("JDBC ceiling", ceiling.latencyMicros())));
    }

    record StatementCount(double perCommand, boolean ownerLookup) {
    }

    /**
     * The CPU all processes spent per operation of {@code run}, against what PostgreSQL and the driver spent per
     * append of the JDBC ceiling, with a target in milliseconds; then each process's share, and PostgreSQL's by the
     * role its backends serve.
     */
    static List<Figure> cpuFigures(String scenario, String operation, LoadDriver.Result run, LoadDriver.Result ceiling,
                                   double targetMillis) {
        List<Figure> figures = new ArrayList<>();
        figures.add(Figure.of(scenario, "CPU per " + operation + ", all processes", run.cpuMillisPerOperation(), "ms")
                .against("CPU per JDBC append (PostgreSQL and driver)", ceiling.cpuMillisPerOperation())
                .target("<= " + targetMillis + " ms", run.cpuMillisPerOperation() <= targetMillis));
        run.cpu().millis().keySet().forEach(process -> figures.add(Figure.of(scenario,
                "CPU per " + operation + ": " + process, run.cpuMillisPerOperation(process), "ms")));
        run.cpu().postgresByRole().keySet().forEach(role -> figures.add(Figure.of(scenario,
                "PostgreSQL's CPU per " + operation + ": " + role, run.postgresMillisPerOperation(role), "ms")));
        return figures;
    }

    /**
     * The command role's statements, counted by {@code pg_stat_statements} over two status changes of each of
     * {@code applications}, sent one at a time, and printed. The market's owner is checked by the aggregate: no
     * statement may look it up.
     */
    private static StatementCount statementsPerCommand(BenchSystem system, List<Application> applications)
            throws Exception {
        try (Connection connection = system.connectAs(system.admin().user());
             Statement statement = connection.createStatement()) {
            statement.execute("SELECT pg_stat_statements_reset()");
            int commands = 0;
            for (Application application : applications) {
                for (String status : NEXT) {
                    Http.require(Http.send("PATCH", system.commandSide() + "/api/markets/" + application.market().id()
                                    + "/applications/" + application.id(), application.market().organizerToken(),
                            "{\"status\":\"" + status + "\",\"reason\":\"counted\"}"), "a counted status change");
                    commands++;
                }
            }
            long total = 0;
            boolean ownerLookup = false;
            System.out.printf("[commands] the command role's statements over %d status changes:%n", commands);
            try (ResultSet rows = statement.executeQuery("""
                    SELECT s.calls, regexp_replace(s.query, '\\s+', ' ', 'g') AS query
                    FROM pg_stat_statements s JOIN pg_roles r ON r.oid = s.userid
                    WHERE r.rolname = 'marketflow_command' ORDER BY s.calls DESC""")) {
                while (rows.next()) {
                    total += rows.getLong(1);
                    String query = rows.getString(2);
                    ownerLookup |= query.toLowerCase(Locale.ROOT).contains("owner");
                    System.out.printf("  %6d  %s%n", rows.getLong(1), query.length() > 110
                            ? query.substring(0, 110) + "..." : query);
                }
            }
            return new StatementCount((double) total / commands, ownerLookup);
        }
    }

    private static int vendorsFor(Settings settings) {
        int markets = settings.organizers() * settings.marketsEach();
        return (settings.applications() + markets - 1) / markets;
    }
}
