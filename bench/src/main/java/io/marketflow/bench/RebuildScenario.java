package io.marketflow.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rebuilding every read model from a store of 1,000,000 events, through the admin-only actuator endpoint, while the
 * live processors follow the same store. The events are written straight into the store in the stored format (markets
 * of 100 events: created, 66 applications, 33 of them waitlisted), chained by the store's own trigger.
 */
final class RebuildScenario implements Scenario {

    private static final int EVENTS_PER_MARKET = 100;
    private static final int APPLICATIONS_PER_MARKET = 66;
    // the segments of the query side's one live processor (every read model's), each of which must have caught up
    private static final int SEGMENTS = 4;

    @Override
    public String name() {
        return "rebuild";
    }

    @Override
    public String description() {
        return "rebuild all read models from the event store";
    }

    @Override
    public Outcome run(BenchSystem system, Settings settings) throws Exception {
        int markets = Math.max(1, settings.rebuildEvents() / EVENTS_PER_MARKET);
        long started = System.nanoTime();
        try (Connection connection = system.connectAs(system.admin().user());
             Statement statement = connection.createStatement()) {
            statement.execute(events(markets));
        }
        long events = (long) markets * EVENTS_PER_MARKET;
        System.out.printf("[rebuild] %,d events written in %.1f s%n", events, (System.nanoTime() - started) / 1e9);
        // the live processors project them first, and are timed doing it: the rebuild is measured on its own
        CpuAccount account = system.cpuAccount();
        CpuAccount.Snapshot beforeLive = account.snapshot();
        long following = System.nanoTime();
        awaitLiveProcessors(system, waitAtMost(events));
        double liveSeconds = (System.nanoTime() - following) / 1e9;
        CpuAccount.Snapshot liveCpu = account.snapshot().since(beforeLive);
        System.out.printf("[rebuild] the live processors projected them in %.1f s%n", liveSeconds);
        printCpu("live processors", liveCpu, events);

        String admin = system.token("operator", "admin");
        CpuAccount.Snapshot beforeRebuild = account.snapshot();
        Http.require(Http.send("POST", system.queryActuator() + "/rebuild/all", admin, null), "starting the rebuild");
        JsonNode status;
        Duration waitAtMost = waitAtMost(events);
        long giveUp = System.nanoTime() + waitAtMost.toNanos();
        do {
            if (System.nanoTime() > giveUp) {
                throw new IllegalStateException("the rebuild did not finish within " + waitAtMost);
            }
            Thread.sleep(1000);
            status = Http.require(Http.send("GET", system.queryActuator() + "/rebuild", admin, null), "progress")
                    .json();
            System.out.printf("\r[rebuild] %s %,d of %,d events, %,d events/s      ", status.get("state").asText(),
                    status.get("eventsDone").asLong(), status.get("eventsTotal").asLong(),
                    status.get("eventsPerSecond").asLong());
        } while (status.get("finishedAt").isNull());
        CpuAccount.Snapshot rebuildCpu = account.snapshot().since(beforeRebuild);
        System.out.println();
        if (!status.get("state").asText().equals("COMPLETED")) {
            throw new IllegalStateException("the rebuild failed: " + status.get("failure").asText());
        }
        long rebuilt = status.get("eventsDone").asLong();
        printCpu("rebuild", rebuildCpu, rebuilt);
        double perSecond = status.get("eventsPerSecond").asDouble();
        List<Figure> figures = new ArrayList<>(List.of(
                Figure.of(name(), "live processors projecting a backlog, all five groups", events / liveSeconds,
                        "events/s")));
        figures.addAll(cpuFigures("live processors", liveCpu, events));
        figures.add(Figure.of(name(), "events rebuilt", rebuilt, "events"));
        figures.add(Figure.of(name(), "rebuild rate, all five read models", perSecond, "events/s")
                .target(">= 20,000/s", perSecond >= 20_000));
        figures.addAll(cpuFigures("rebuild", rebuildCpu, rebuilt));
        return new Outcome(figures, List.of());
    }

    /** CPU per event of {@code phase}, in all and by process: what bounds its rate on a machine this size. */
    private List<Figure> cpuFigures(String phase, CpuAccount.Snapshot cpu, long events) {
        List<Figure> figures = new ArrayList<>();
        figures.add(Figure.of(name(), "CPU per event, " + phase + ", all processes", perEvent(cpu.total(), events),
                "ms"));
        cpu.millis().forEach((process, millis) -> figures.add(Figure.of(name(),
                "CPU per event, " + phase + ": " + process, perEvent(millis, events), "ms")));
        return figures;
    }

    private static void printCpu(String phase, CpuAccount.Snapshot cpu, long events) {
        System.out.println(CpuAccount.Snapshot.perOperation("[rebuild] CPU per event, " + phase, cpu.millis(), events)
                + String.format(", in all %.3f ms", perEvent(cpu.total(), events)));
        System.out.println(CpuAccount.Snapshot.perOperation(
                "[rebuild] PostgreSQL's CPU per event, " + phase + ", by role", cpu.postgresByRole(), events));
    }

    private static double perEvent(double millis, long events) {
        return millis / Math.max(1, events);
    }

    /** Waits until every segment of every processing group has passed the store's last event. */
    private static void awaitLiveProcessors(BenchSystem system, Duration waitAtMost) throws Exception {
        Pattern index = Pattern.compile("\"index\"\\s*:\\s*(\\d+)");
        long giveUp = System.nanoTime() + waitAtMost.toNanos();
        while (true) {
            try (Connection connection = system.connectAs(system.admin().user());
                 Statement statement = connection.createStatement()) {
                long head;
                try (ResultSet last = statement.executeQuery("SELECT max(global_index) FROM domain_event_entry")) {
                    last.next();
                    head = last.getLong(1);
                }
                int segments = 0;
                boolean behind = false;
                try (ResultSet tokens = statement.executeQuery("SELECT convert_from(token, 'UTF8') FROM token_entry")) {
                    while (tokens.next()) {
                        segments++;
                        Matcher at = index.matcher(String.valueOf(tokens.getString(1)));
                        behind |= !at.find() || Long.parseLong(at.group(1)) < head;
                    }
                }
                if (segments >= SEGMENTS && !behind) {
                    return;
                }
                if (System.nanoTime() > giveUp) {
                    throw new IllegalStateException("the live processors did not reach event " + head + " in "
                            + segments + " of " + SEGMENTS + " segments within " + waitAtMost);
                }
            }
            Thread.sleep(500);
        }
    }

    /** A wait that has gone on this long is stuck: a minute, and a second per 2,000 events (half the rate seen). */
    private static Duration waitAtMost(long events) {
        return Duration.ofSeconds(60 + events / 2_000);
    }

    /** One INSERT of every event, in the stored JSON format, ordered by market and sequence. */
    private static String events(int markets) {
        String market = "md5('market' || m)::uuid";
        String application = "md5('application' || m || '-' || a)::uuid";
        String owner = "'organizer-' || (m % 100)";
        String at = "to_char((timestamptz '2026-01-01' + (m * 100 + s) * interval '1 second') AT TIME ZONE 'UTC',"
                + " 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')";
        return """
                INSERT INTO domain_event_entry (aggregate_identifier, sequence_number, type, event_identifier,
                                                meta_data, payload, payload_type, time_stamp)
                SELECT %1$s::text, s, 'Market', md5('event' || m || '-' || s)::uuid::text,
                       convert_to('{"actor":"bench","actorRole":"organizer"}', 'UTF8'),
                       convert_to(CASE
                           WHEN s = 0 THEN json_build_object('marketId', json_build_object('value', %1$s),
                               'owner', json_build_object('value', %3$s), 'name', 'Market ' || m,
                               'location', 'Square', 'createdAt', %4$s)::text
                           WHEN s <= %5$d THEN json_build_object('marketId', json_build_object('value', %1$s),
                               'applicationId', json_build_object('value', %2$s), 'owner', json_build_object('value', %3$s),
                               'marketName', 'Market ' || m, 'vendor', json_build_object('value', 'vendor-' || a),
                               'vendorName', 'Stall ' || a, 'note', 'rebuild', 'submittedAt', %4$s)::text
                           ELSE json_build_object('marketId', json_build_object('value', %1$s),
                               'applicationId', json_build_object('value', %2$s), 'owner', json_build_object('value', %3$s),
                               'vendor', json_build_object('value', 'vendor-' || a), 'previousStatus', 'SUBMITTED',
                               'reason', 'rebuild', 'changedAt', %4$s)::text
                       END, 'UTF8'),
                       CASE WHEN s = 0 THEN 'io.marketflow.api.market.MarketCreated'
                            WHEN s <= %5$d THEN 'io.marketflow.api.application.ApplicationSubmitted'
                            ELSE 'io.marketflow.api.application.ApplicationWaitlisted' END,
                       %4$s
                FROM generate_series(0, %6$d) AS m, generate_series(0, %7$d) AS s,
                     LATERAL (SELECT CASE WHEN s <= %5$d THEN s ELSE s - %5$d END AS a) AS applicant
                ORDER BY m, s""".formatted(market, application, owner, at, APPLICATIONS_PER_MARKET,
                markets - 1, EVENTS_PER_MARKET - 1);
    }
}
