package io.marketflow.projection.rebuild;

import io.marketflow.projection.processing.ProjectionGroups;
import io.marketflow.db.AdminConnection;
import io.marketflow.projection.processing.ProjectionGroups.Group;
import io.marketflow.projection.rebuild.RebuildRun.State;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.task.TaskExecutor;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Rebuilds processing groups' read models from every stored event, one rebuild at a time across all instances, in
 * the background:
 * <ol>
 *     <li>empty twins of the groups' tables are made in schema {@code marketflow_rebuild} ({@link RebuildSession});
 *     <li>every event is replayed into them by a processor of the rebuild's own ({@link ReplayProcessor}), while the
 *     live tables keep serving and keep following the store;</li>
 *     <li>the twins get their other indexes and statistics, with the replay paused;</li>
 *     <li>the live tables' writers are held off, the twins take in the events appended meanwhile, and they replace
 *     the live tables in the same transaction.</li>
 * </ol>
 * The live processors keep their tokens: whatever they apply after the swap that the twins already hold is a replay,
 * which every projection ignores ({@code last_sequence}). A rebuild that fails leaves the live tables as they were.
 */
public class ReadModelRebuilder {

    private static final Logger log = LoggerFactory.getLogger(ReadModelRebuilder.class);
    private static final long PROGRESS_LOG_NANOS = 2_000_000_000L;

    private final ProjectionGroups groups;
    private final Function<List<Group>, ReplayProcessor> replays;
    private final JdbcClient projector;
    private final AdminConnection admin;
    private final TaskExecutor background;
    private final Clock clock;
    private final AtomicReference<RebuildRun> latest = new AtomicReference<>();

    ReadModelRebuilder(ProjectionGroups groups, Function<List<Group>, ReplayProcessor> replays, JdbcClient projector,
                       AdminConnection admin, TaskExecutor background, Clock clock) {
        this.groups = groups;
        this.replays = replays;
        this.projector = projector;
        this.admin = admin;
        this.background = background;
        this.clock = clock;
    }

    /**
     * Starts rebuilding the groups named ({@code all} for every one) and answers at once.
     *
     * @throws ProjectionGroups.UnknownGroupException if a name is no group of this side
     * @throws RebuildRunningException               if a rebuild is running here or on another instance
     */
    public RebuildStatus start(List<String> groupNames) {
        List<Group> chosen = groups.select(groupNames);
        RebuildRun previous = latest.get();
        if (previous != null && previous.status().running()) {
            throw new RebuildRunningException("a rebuild of " + previous.groups() + " is running");
        }
        List<String> tables = chosen.stream().flatMap(group -> group.tables().stream()).toList();
        RebuildSession session = RebuildSession.open(admin, tables);
        RebuildRun run = new RebuildRun(chosen.stream().map(Group::name).toList(), clock);
        if (!latest.compareAndSet(previous, run)) {
            session.close();
            throw new RebuildRunningException("a rebuild has just started");
        }
        log.info("Rebuilding read models {} (tables {})", run.groups(), tables);
        background.execute(() -> run(run, chosen, session));
        return run.status();
    }

    /** The running rebuild, or the last one this instance ran. */
    public Optional<RebuildStatus> status() {
        return Optional.ofNullable(latest.get()).map(RebuildRun::status);
    }

    private void run(RebuildRun run, List<Group> chosen, RebuildSession session) {
        ProgressLog progress = new ProgressLog(run);
        try (session; ReplayProcessor replay = replays.apply(chosen)) {
            session.prepareTwins();
            run.total(projector.sql("SELECT count(*) FROM domain_event_entry").query(Long.class).single());
            run.countedBy(replay::eventsRead);
            replay.start();
            replay.awaitPosition(head(), progress);
            run.enter(State.INDEXING);
            replay.pause();
            session.indexTwins();
            run.enter(State.REPLAYING);
            replay.start();
            replay.awaitPosition(head(), progress);
            run.enter(State.SWAPPING);
            session.swapTwinsIn(() -> {
                // the live writers wait from here on: the twins take in what came meanwhile, then stop
                replay.start();
                replay.awaitPosition(head(), progress);
                replay.pause();
            });
            run.completed();
            RebuildStatus done = run.status();
            log.info("Rebuilt read models {}: {} events at {} events/s", run.groups(), done.eventsDone(),
                    done.eventsPerSecond());
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            run.failed(e.toString());
            log.error("Rebuild of read models {} failed; the live tables are unchanged", run.groups(), e);
        }
    }

    /** The position of the newest stored event. */
    private long head() {
        return projector.sql("SELECT coalesce(max(global_index), -1) FROM domain_event_entry")
                .query(Long.class).single();
    }

    /** Logs how the rebuild stands every few seconds while it waits for the replay. */
    private static final class ProgressLog implements Runnable {

        private final RebuildRun run;
        private long lastLog = System.nanoTime();

        ProgressLog(RebuildRun run) {
            this.run = run;
        }

        @Override
        public void run() {
            if (System.nanoTime() - lastLog > PROGRESS_LOG_NANOS) {
                lastLog = System.nanoTime();
                RebuildStatus status = run.status();
                log.info("Rebuild of {}: {} of {} events, {} events/s, about {} s left", status.groups(),
                        status.eventsDone(), status.eventsTotal(), status.eventsPerSecond(), status.secondsLeft());
            }
        }
    }

    /** Another rebuild holds the twins' schema. */
    public static final class RebuildRunningException extends RuntimeException {
        RebuildRunningException(String message) {
            super(message);
        }
    }
}
