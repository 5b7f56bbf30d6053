package io.marketflow.bench;

import io.marketflow.bench.Marketplace.Application;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One market holding 10,000 applications: status changes on it while it is kept in memory (and snapshotted in the
 * background), then the first command after a restart of the command side, which loads the market from its latest
 * snapshot, against the same after the snapshots are deleted, when the market's whole history is replayed.
 */
final class BigMarketScenario implements Scenario {

    private static final int CLIENTS = 8;
    private static final Duration ALONE_WARM_UP = Duration.ofSeconds(2);
    private static final Duration ALONE_MEASURED = Duration.ofSeconds(5);

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
        // a small market of its own, to warm a restarted command side up before the big market's first command
        List<Application> small = new Marketplace(system).open(1, 1, 2, 1).apply(2, 1);

        // client c decides on applications c, c + CLIENTS, ...: each twice (waitlisted, then approved), never racing
        AtomicInteger[] steps = new AtomicInteger[CLIENTS];
        for (int c = 0; c < CLIENTS; c++) {
            steps[c] = new AtomicInteger();
        }
        LoadDriver.Operation decide = client -> {
            int step = steps[client].getAndIncrement();
            Application application = applications.get(client + CLIENTS * (step / 2));
            return statusChange(system, application, step % 2 == 0 ? "WAITLISTED" : "APPROVED", "big").ok();
        };
        LoadDriver.Result cached = new LoadDriver("big-market", CLIENTS, settings.warmUp(), settings.measured())
                .closedLoop(decide);
        // one client alone, on applications from the other end of the list: no queueing on the market's lock
        AtomicInteger aloneSteps = new AtomicInteger();
        LoadDriver.Result alone = new LoadDriver("big-market-one-client", 1, min(ALONE_WARM_UP, settings.warmUp()),
                min(ALONE_MEASURED, settings.measured()))
                .closedLoop(client -> {
                    int step = aloneSteps.getAndIncrement();
                    Application application = applications.get(
                            Math.floorMod(applications.size() - 1 - step / 2, applications.size()));
                    return statusChange(system, application, step % 2 == 0 ? "WAITLISTED" : "APPROVED", "alone").ok();
                });

        String marketId = applications.get(0).market().id().toString();
        awaitSnapshot(system, marketId);
        FirstCommands fromSnapshot = firstCommandsAfterRestart(system, decide, steps[0], small.get(0));
        deleteSnapshots(system, marketId);
        FirstCommands fromEvents = firstCommandsAfterRestart(system, decide, steps[0], small.get(1));

        return new Outcome(List.of(
                Figure.of(name(), "status changes on the one market (" + CLIENTS + " clients)", cached.perSecond(),
                        "commands/s"),
                Figure.of(name(), "status change p99, market in memory", cached.millis(99), "ms")
                        .target("<= 10 ms", cached.millis(99) <= 10),
                Figure.of(name(), "status change p99, one client alone", alone.millis(99), "ms")
                        .against("p99 with " + CLIENTS + " clients queueing on the market", cached.millis(99)),
                Figure.of(name(), "first status change after a restart (warmed up), market loaded from its snapshot",
                                fromSnapshot.first(), "ms")
                        .against("the same without snapshots (whole history replayed)", fromEvents.first()),
                Figure.of(name(), "the next status change, market in memory", fromSnapshot.next(), "ms")),
                List.of(new Series("status changes on one big market", cached.latencyMicros())));
    }

    private static Http.Answer statusChange(BenchSystem system, Application application, String status,
                                            String reason) {
        return Http.send("PATCH", system.commandSide() + "/api/markets/" + application.market().id()
                        + "/applications/" + application.id(), application.market().organizerToken(),
                "{\"status\":\"" + status + "\",\"reason\":\"" + reason + "\"}");
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    record FirstCommands(double first, double next) {
    }

    /**
     * Restarts the command side, warms it up with a status change on a small market (its first request fetches the
     * keys and initialises the web layer), then times the big market's first two status changes: the load, then one
     * from memory.
     */
    private static FirstCommands firstCommandsAfterRestart(BenchSystem system, LoadDriver.Operation decide,
                                                           AtomicInteger steps, Application warmUp)
            throws Exception {
        system.restartCommandSide();
        Http.require(statusChange(system, warmUp, "WAITLISTED", "warm-up"), "a warm-up status change");
        steps.set(steps.get() + steps.get() % 2); // start on a fresh application
        long started = System.nanoTime();
        if (!decide.run(0)) {
            throw new IllegalStateException("the first command after the restart failed");
        }
        double first = (System.nanoTime() - started) / 1e6;
        long nextStarted = System.nanoTime();
        if (!decide.run(0)) {
            throw new IllegalStateException("the second command after the restart failed");
        }
        return new FirstCommands(first, (System.nanoTime() - nextStarted) / 1e6);
    }

    /** Snapshots are taken in the background after a command commits: waits for the market's latest. */
    private static void awaitSnapshot(BenchSystem system, String marketId) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        try (Connection connection = system.connectAs(system.admin().user());
             PreparedStatement snapshots = connection.prepareStatement(
                     "SELECT count(*) FROM snapshot_event_entry WHERE aggregate_identifier = ?")) {
            snapshots.setString(1, marketId);
            while (true) {
                try (ResultSet count = snapshots.executeQuery()) {
                    count.next();
                    if (count.getLong(1) > 0) {
                        return;
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("no snapshot of the big market within 30 s");
                }
                Thread.sleep(100);
            }
        }
    }

    private static void deleteSnapshots(BenchSystem system, String marketId) throws Exception {
        try (Connection connection = system.connectAs(system.admin().user());
             PreparedStatement delete = connection.prepareStatement(
                     "DELETE FROM snapshot_event_entry WHERE aggregate_identifier = ?")) {
            delete.setString(1, marketId);
            delete.executeUpdate();
        }
    }
}
