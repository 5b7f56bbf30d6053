package io.marketflow.bench;

import io.marketflow.bench.Marketplace.Application;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One market holding 10,000 applications: status changes on it while it is kept in memory, then the first command
 * after a restart of the command side, which has to replay the market's whole history (markets are not snapshotted).
 */
final class BigMarketScenario implements Scenario {

    private static final int CLIENTS = 8;

    @Override
    public String name() {
        return "big-market";
    }

    @Override
    public String description() {
        return "status changes on one market of 10,000 applications, cached and after a restart";
    }

    @Override
    public Outcome run(BenchSystem system, Settings settings) throws Exception {
        int size = settings.listMarketRows();
        Marketplace marketplace = new Marketplace(system).open(1, 1, size, settings.clients());
        List<Application> applications = new ArrayList<>(marketplace.apply(size, settings.clients()));

        // client c decides on applications c, c + CLIENTS, ...: each twice (waitlisted, then approved), never racing
        AtomicInteger[] steps = new AtomicInteger[CLIENTS];
        for (int c = 0; c < CLIENTS; c++) {
            steps[c] = new AtomicInteger();
        }
        LoadDriver.Operation decide = client -> {
            int step = steps[client].getAndIncrement();
            Application application = applications.get(client + CLIENTS * (step / 2));
            return Http.send("PATCH", system.commandSide() + "/api/markets/" + application.market().id()
                            + "/applications/" + application.id(), application.market().organizerToken(),
                    "{\"status\":\"" + (step % 2 == 0 ? "WAITLISTED" : "APPROVED") + "\",\"reason\":\"big\"}")
                    .ok();
        };
        LoadDriver.Result cached = new LoadDriver("big-market", CLIENTS, settings.warmUp(), settings.measured())
                .closedLoop(decide);

        system.restartCommandSide();
        steps[0].set(steps[0].get() + steps[0].get() % 2); // start on a fresh application
        long started = System.nanoTime();
        if (!decide.run(0)) {
            throw new IllegalStateException("the first command after the restart failed");
        }
        double coldMillis = (System.nanoTime() - started) / 1e6;
        long started2 = System.nanoTime();
        decide.run(0);
        double warmMillis = (System.nanoTime() - started2) / 1e6;

        return new Outcome(List.of(
                Figure.of(name(), "status changes on the one market (" + CLIENTS + " clients)", cached.perSecond(),
                        "commands/s"),
                Figure.of(name(), "status change p99, market in memory", cached.millis(99), "ms")
                        .target("<= 10 ms", cached.millis(99) <= 10),
                Figure.of(name(), "first status change after a restart (the market's whole history replayed)",
                        coldMillis, "ms").against("the next one", warmMillis)),
                List.of(new Series("status changes on one big market", cached.latencyMicros())));
    }
}
