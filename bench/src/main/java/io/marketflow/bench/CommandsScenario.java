package io.marketflow.bench;

import io.marketflow.bench.Marketplace.Application;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Status changes on 1,000 markets from 32 clients over HTTP with signed tokens: the most commands per second the
 * command side acknowledges, against the JDBC ceiling; then the latency at half that rate; and each side's memory
 * meanwhile, under {@code -Xmx512m}.
 */
final class CommandsScenario implements Scenario {

    private static final String[] NEXT = {"WAITLISTED", "APPROVED"};

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
                new LoadDriver("jdbc-ceiling", settings.clients(), settings.warmUp(), settings.measured()),
                settings.clients());

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
                    .closedLoop(decide);
            commandHeap = command.peakHeapMegabytes();
            queryHeap = query.peakHeapMegabytes();
            majorCollections = command.majorCollections() + query.majorCollections();
        }
        double half = peak.perSecond() / 2;
        LoadDriver.Result paced = new LoadDriver("commands-half-rate", settings.clients(), settings.warmUp(),
                settings.measured()).atRate(half, decide);

        double ratio = peak.perSecond() / ceiling.perSecond();
        List<Figure> figures = List.of(
                Figure.of(name(), "status changes per second (32 clients)", peak.perSecond(), "commands/s")
                        .against("JDBC appends per second", ceiling.perSecond())
                        .target(">= 2,000/s and >= 0.10 of the ceiling", peak.perSecond() >= 2000 && ratio >= 0.10),
                Figure.of(name(), "errors during the peak run", peak.errors(), "answers not 2xx")
                        .target("0", peak.errors() == 0),
                Figure.of(name(), "p99 latency at half the peak rate (" + Math.round(half) + "/s)", paced.millis(99),
                                "ms")
                        .against("p99 of a JDBC append", ceiling.millis(99))
                        .target("<= 25 ms", paced.millis(99) <= 25),
                Figure.of(name(), "p50 latency at half the peak rate", paced.millis(50), "ms"),
                Figure.of(name(), "command side: peak heap used (-Xmx512m)", commandHeap, "MB"),
                Figure.of(name(), "query side: peak heap used (-Xmx512m)", queryHeap, "MB"),
                Figure.of(name(), "major collections during the peak run, both sides", majorCollections, "collections")
                        .target("no full-GC storm", majorCollections < 5),
                Figure.of(name(), "command side: peak RSS", SideMonitor.peakRssMegabytes(system.commandPid()), "MB"),
                Figure.of(name(), "query side: peak RSS", SideMonitor.peakRssMegabytes(system.queryPid()), "MB"));
        return new Outcome(figures, List.of(new Series("commands, closed loop", peak.latencyMicros()),
                new Series("commands at half rate", paced.latencyMicros()),
                new Series("JDBC ceiling", ceiling.latencyMicros())));
    }

    private static int vendorsFor(Settings settings) {
        int markets = settings.organizers() * settings.marketsEach();
        return (settings.applications() + markets - 1) / markets;
    }
}
