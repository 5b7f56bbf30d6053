package io.marketflow.bench;

import io.marketflow.bench.Marketplace.Application;
import io.marketflow.bench.Marketplace.Market;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;

/**
 * From a command's acknowledgement to the change being visible on the query side, another process: status changes at
 * 500 per second, then at 250, while every market's owner watches its live feed; the lag of a change is when its
 * feed first shows the application in that status minus when the command side answered 2xx. The baseline is the 1 s
 * that Axon's default polling alone may wait. Every market here has the same history, so all of them cross the
 * snapshot threshold within a few seconds, and each snapshot replays the market's events on the command side: how
 * many were stored in each phase is a figure too, since such a burst takes CPU from everything else.
 */
final class LagScenario implements Scenario {

    private static final double RATE = 500;
    private static final HttpClient STREAMS = HttpClient.newHttpClient();

    @Override
    public String name() {
        return "lag";
    }

    @Override
    public String description() {
        return "command acknowledged -> visible in the other process's live feed, at 500 commands/s and at 250/s";
    }

    @Override
    public Outcome run(BenchSystem system, Settings settings) throws Exception {
        double seconds = settings.warmUp().plus(settings.measured()).toSeconds();
        // one change per application (submitted -> waitlisted), so that no two clients ever race on one; the
        // target rate, then half of it, which tells the pipeline's own delay from the queues of a saturated machine
        int applicationsNeeded = (int) Math.ceil(RATE * 1.5 * seconds * 1.1);
        Marketplace marketplace = new Marketplace(system).open(5, 10, 1 + applicationsNeeded / 50, 8);
        List<Application> applications = marketplace.apply(applicationsNeeded, settings.clients());

        // when each application was first seen waitlisted, in nanoTime
        Map<UUID, Long> seen = new ConcurrentHashMap<>();
        List<Stream<String>> feeds = new ArrayList<>();
        for (Market market : marketplace.markets) {
            feeds.add(follow(system, market, seen));
        }
        AtomicInteger next = new AtomicInteger();
        Lag atTarget;
        Lag atHalf;
        try {
            atTarget = measure(system, settings, RATE, applications, next, seen);
            atHalf = measure(system, settings, RATE / 2, applications, next, seen);
        } finally {
            feeds.forEach(Stream::close);
        }
        double p99 = atTarget.millis(99);
        List<Figure> figures = List.of(
                Figure.of(name(), "changes measured at " + Math.round(atTarget.rate()) + " commands/s",
                        atTarget.histogram().getTotalCount(), "changes"),
                Figure.of(name(), "changes never seen in the live feed", atTarget.missing() + atHalf.missing(),
                                "changes")
                        .target("0", atTarget.missing() + atHalf.missing() == 0),
                Figure.of(name(), "lag p50", atTarget.millis(50), "ms")
                        .against("Axon's default poll interval", 1000),
                Figure.of(name(), "lag p99", p99, "ms")
                        .against("Axon's default poll interval", 1000)
                        .target("<= 100 ms", p99 <= 100),
                Figure.of(name(), "lag p50 at " + Math.round(atHalf.rate()) + " commands/s", atHalf.millis(50), "ms"),
                Figure.of(name(), "lag p99 at " + Math.round(atHalf.rate()) + " commands/s", atHalf.millis(99), "ms")
                        .against("the same at " + Math.round(atTarget.rate()) + "/s", p99),
                Figure.of(name(), "market snapshots stored in the first phase", atTarget.snapshots(), "snapshots"),
                Figure.of(name(), "market snapshots stored in the second phase", atHalf.snapshots(), "snapshots"));
        return new Outcome(figures, List.of(new Series("lag at " + Math.round(RATE) + "/s", atTarget.histogram()),
                new Series("lag at " + Math.round(RATE / 2) + "/s", atHalf.histogram())));
    }

    record Lag(double rate, Histogram histogram, long missing, long snapshots) {
        double millis(double percentile) {
            return histogram.getValueAtPercentile(percentile) / 1000.0;
        }
    }

    /** Status changes at {@code rate}, each on the next fresh application, and the lag of each to the feeds. */
    private static Lag measure(BenchSystem system, Settings settings, double rate, List<Application> applications,
                               AtomicInteger next, Map<UUID, Long> seen) throws InterruptedException {
        long snapshotsBefore = snapshotsStored(system);
        Map<UUID, Long> acknowledged = new ConcurrentHashMap<>();
        LoadDriver.Result commands = new LoadDriver("lag-" + Math.round(rate), 16, settings.warmUp(),
                settings.measured()).atRate(rate, client -> {
                    Application application = applications.get(next.getAndIncrement());
                    Http.Answer answer = Http.send("PATCH", system.commandSide() + "/api/markets/"
                                    + application.market().id() + "/applications/" + application.id(),
                            application.market().organizerToken(), "{\"status\":\"WAITLISTED\",\"reason\":\"lag\"}");
                    if (answer.ok()) {
                        acknowledged.put(application.id(), System.nanoTime());
                    }
                    return answer.ok();
                });
        Thread.sleep(2000); // the last changes on their way
        Histogram lag = new Histogram(3);
        long missing = 0;
        for (Map.Entry<UUID, Long> entry : acknowledged.entrySet()) {
            Long visible = seen.get(entry.getKey());
            if (visible == null) {
                missing++;
            } else {
                lag.recordValue(Math.max(1, (visible - entry.getValue()) / 1000));
            }
        }
        return new Lag(commands.perSecond(), lag, missing, snapshotsStored(system) - snapshotsBefore);
    }

    /** Snapshots stored since the database started, by PostgreSQL's statistics (which lag by up to a second). */
    private static long snapshotsStored(BenchSystem system) {
        try (Connection connection = system.connectAs(system.admin().user());
             Statement statement = connection.createStatement();
             ResultSet count = statement.executeQuery("SELECT coalesce(sum(n_tup_ins), 0) FROM pg_stat_all_tables "
                     + "WHERE relname = 'snapshot_event_entry'")) {
            count.next();
            return count.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot count the stored snapshots", e);
        }
    }

    /** Opens the market's live feed and notes when each application is first seen waitlisted. */
    private static Stream<String> follow(BenchSystem system, Market market, Map<UUID, Long> seen) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(system.querySide() + "/api/markets/" + market.id()
                        + "/applications/live"))
                .header("Accept", "text/event-stream")
                .header("Authorization", "Bearer " + market.organizerToken())
                .build();
        try {
            Stream<String> lines = STREAMS.send(request, HttpResponse.BodyHandlers.ofLines()).body();
            Thread reader = new Thread(() -> {
                try {
                    lines.filter(line -> line.startsWith("data:") && line.contains("\"status\"")
                                    && !line.contains("\"items\""))
                            .forEach(line -> note(line, seen));
                } catch (UncheckedIOException | IllegalStateException closed) {
                    // the scenario closed the feed
                }
            }, "feed-" + market.id());
            reader.setDaemon(true);
            reader.start();
            return lines;
        } catch (java.io.IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void note(String line, Map<UUID, Long> seen) {
        long now = System.nanoTime();
        if (line.contains("\"status\":\"WAITLISTED\"")) {
            int id = line.indexOf("\"id\":\"");
            seen.putIfAbsent(UUID.fromString(line.substring(id + 6, id + 42)), now);
        }
    }
}
