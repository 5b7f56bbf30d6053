package io.marketflow.projection.scaling;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.TaskScheduler;

/**
 * Every {@code every}, on Spring's task scheduler: says this instance is alive, then releases, for each tracking processor, the segments it holds
 * beyond its share ({@link SegmentShares}) for {@code releaseFor}, long enough for an instance holding fewer to claim
 * them (a processor's free threads look for unclaimed segments every few seconds). An instance is alive while its
 * row is younger than {@code aliveFor}, which is shorter than the claim timeout: a dead instance no longer counts
 * by the time its claims expire and the survivors take its segments, so they never release them again for it.
 */
final class SegmentBalancer implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(SegmentBalancer.class);

    private final QuerySideInstance instance;
    private final JdbcClient jdbc;
    private final EventProcessingConfiguration processing;
    private final Duration every;
    private final Duration aliveFor;
    private final Duration releaseFor;
    private final TaskScheduler scheduler;
    private ScheduledFuture<?> rounds;

    SegmentBalancer(QuerySideInstance instance, JdbcClient jdbc, TaskScheduler scheduler,
                    EventProcessingConfiguration processing, Duration every, Duration aliveFor, Duration releaseFor) {
        this.instance = instance;
        this.jdbc = jdbc;
        this.scheduler = scheduler;
        this.processing = processing;
        this.every = every;
        this.aliveFor = aliveFor;
        this.releaseFor = releaseFor;
    }

    @Override
    public synchronized void start() {
        rounds = scheduler.scheduleWithFixedDelay(this::round, every);
    }

    @Override
    public synchronized void stop() {
        if (rounds == null) {
            return;
        }
        rounds.cancel(true);
        rounds = null;
        try {
            // the others need not wait for this row to age: they take the segments this instance now releases
            jdbc.sql("DELETE FROM query_side_instance WHERE instance_id = ?").param(instance.id()).update();
        } catch (RuntimeException e) {
            log.debug("could not say that {} is leaving: {}", instance.id(), e.toString());
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return rounds != null;
    }

    /** Stops before the processors (which stop in the default phase) and after them starts. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 1;
    }

    private void round() {
        try {
            Set<String> live = beat();
            for (var processor : processing.eventProcessors().values()) {
                if (processor instanceof TrackingEventProcessor tracking && tracking.isRunning()) {
                    balance(tracking, live);
                }
            }
        } catch (RuntimeException e) {
            // an outage or a slow database: try again next round; claims and the processors carry on without us
            log.debug("segment balancing skipped a round: {}", e.toString());
        }
    }

    /** Says this instance is alive; answers the instances alive now, this one included. */
    private Set<String> beat() {
        jdbc.sql("""
                        INSERT INTO query_side_instance (instance_id, seen_at) VALUES (?, now())
                        ON CONFLICT (instance_id) DO UPDATE SET seen_at = now()""")
                .param(instance.id())
                .update();
        Set<String> live = new HashSet<>(jdbc.sql("""
                        SELECT instance_id FROM query_side_instance
                        WHERE seen_at > now() - make_interval(secs => ?)""")
                .param(aliveFor.toMillis() / 1000.0)
                .query(String.class)
                .list());
        live.add(instance.id());
        return live;
    }

    private void balance(TrackingEventProcessor processor, Set<String> live) {
        List<SegmentShares.Claim> claims = jdbc.sql("SELECT segment, owner FROM token_entry WHERE processor_name = ?")
                .param(processor.getName())
                .query((row, number) -> new SegmentShares.Claim(row.getInt(1), row.getString(2)))
                .list();
        for (int segment : SegmentShares.toRelease(instance.id(), live, claims)) {
            log.info("{} releases segment {} of {} to another of the {} live query-side instances", instance.id(),
                    segment, processor.getName(), live.size());
            processor.releaseSegment(segment, releaseFor.toMillis(), TimeUnit.MILLISECONDS);
        }
    }
}
