package io.marketflow.bench;

import io.marketflow.bench.Marketplace.Market;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Vendors applying to markets, from 32 clients: each submission loads the vendor's profile and the market, and
 * appends one event. 64 vendors, two per client, each applying once to every market in turn (a vendor may hold only
 * one open application per market), so that no two clients ever touch the same vendor.
 */
final class SubmissionsScenario implements Scenario {

    private static final int VENDORS = 64;

    @Override
    public String name() {
        return "submissions";
    }

    @Override
    public String description() {
        return "applications submitted by 64 vendors from 32 clients: the peak rate, and its CPU per submission";
    }

    @Override
    public Outcome run(BenchSystem system, Settings settings) throws Exception {
        int clients = settings.clients();
        int vendorsEach = Math.max(1, VENDORS / clients);
        Marketplace marketplace = new Marketplace(system)
                .open(settings.organizers(), settings.submissionMarketsEach(), vendorsEach * clients, clients);
        List<Market> markets = marketplace.markets;
        List<String> vendors = marketplace.vendors;
        System.out.printf("[submissions] %d markets, %d vendors ready%n", markets.size(), vendors.size());
        AtomicInteger[] step = new AtomicInteger[clients];
        for (int c = 0; c < clients; c++) {
            step[c] = new AtomicInteger();
        }
        LoadDriver.Operation submit = client -> {
            int next = step[client].getAndIncrement();
            int pair = next / vendorsEach;
            if (pair >= markets.size()) {
                throw new IllegalStateException("client " + client + " has applied to every market");
            }
            String vendor = vendors.get(client * vendorsEach + next % vendorsEach);
            return Http.send("POST", system.commandSide() + "/api/markets/" + markets.get(pair).id()
                    + "/applications", vendor, "{\"note\":\"benchmark\"}").ok();
        };
        LoadDriver.Result peak = new LoadDriver("submissions", clients, settings.coldWarmUp(), settings.measured())
                .accountingFor(system.cpuAccount())
                .closedLoop(submit);

        List<Figure> figures = new ArrayList<>(List.of(
                Figure.of(name(), "submissions per second (32 clients, 64 vendors)", peak.perSecond(),
                        "submissions/s").target(">= 1,000/s", peak.perSecond() >= 1000),
                Figure.of(name(), "errors during the peak run", peak.errors(), "answers not 2xx")
                        .target("0", peak.errors() == 0),
                Figure.of(name(), "p99 latency at the peak rate", peak.millis(99), "ms"),
                Figure.of(name(), "CPU per submission, all processes", peak.cpuMillisPerOperation(), "ms")));
        peak.cpu().millis().keySet().forEach(process -> figures.add(Figure.of(name(),
                "CPU per submission: " + process, peak.cpuMillisPerOperation(process), "ms")));
        return new Outcome(figures, List.of(new Series("submissions, closed loop", peak.latencyMicros())));
    }
}
