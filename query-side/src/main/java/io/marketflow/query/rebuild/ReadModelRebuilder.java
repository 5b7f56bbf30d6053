package io.marketflow.query.rebuild;

import io.marketflow.db.AdminConnection;
import io.marketflow.query.rebuild.ReadModelGroups.Group;
import io.marketflow.query.rebuild.RebuildRun.State;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessageHandler;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.postgresql.PGConnection;
import org.postgresql.jdbc.AutoSave;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Rebuilds processing groups' read models from every stored event, one rebuild at a time across all instances:
 * <ol>
 *     <li>empty copies of the groups' tables are made in schema {@code marketflow_rebuild};</li>
 *     <li>every event is replayed into them through the groups' own handlers, in batches, as the projector role,
 *     while the live tables keep serving and keep following the store;</li>
 *     <li>the copies get their other indexes and statistics;</li>
 *     <li>the live tables' writers are held off, the copies take in the events appended meanwhile, and the copies
 *     replace the live tables in the same transaction.</li>
 * </ol>
 * The live processors keep their tokens: whatever they apply after the swap that the copies already hold is a
 * replay, which every projection ignores ({@code last_sequence}). A rebuild that fails leaves the live tables as
 * they were.
 */
public class ReadModelRebuilder {

    private static final Logger log = LoggerFactory.getLogger(ReadModelRebuilder.class);
    // one rebuild at a time across instances: they share the copies' schema
    private static final long REBUILD_LOCK_KEY = 0x7265627569646cL;
    private static final int SWAP_ATTEMPTS = 5;
    private static final long PROGRESS_LOG_NANOS = 2_000_000_000L;
    /** How long a rebuild keeps asking for a connection that the busy pool did not give within its own timeout. */
    private static final Duration POOL_WAIT = Duration.ofSeconds(60);

    private final ReadModelGroups groups;
    private final EventStorageEngine events;
    private final JdbcClient projector;
    private final DataSource projectorDataSource;
    private final TransactionTemplate projectorTransactions;
    private final AdminConnection admin;
    private final int batchSize;
    private final Clock clock;
    private final AtomicReference<RebuildRun> latest = new AtomicReference<>();
    private final int workerCount;
    private ExecutorService workers;

    ReadModelRebuilder(ReadModelGroups groups, EventStorageEngine events, JdbcClient projector,
                       DataSource projectorDataSource, TransactionTemplate projectorTransactions, AdminConnection admin,
                       int batchSize, int workerCount, Clock clock) {
        this.groups = groups;
        this.events = events;
        this.projector = projector;
        this.projectorDataSource = projectorDataSource;
        this.projectorTransactions = projectorTransactions;
        this.admin = admin;
        this.batchSize = batchSize;
        this.workerCount = workerCount;
        this.clock = clock;
    }

    /**
     * Starts rebuilding the groups named ({@code all} for every one) and answers at once; the rebuild goes on in
     * the background.
     *
     * @throws ReadModelGroups.UnknownGroupException if a name is no group of this side
     * @throws RebuildRunningException               if a rebuild is running here or on another instance
     */
    public RebuildStatus start(List<String> groupNames) {
        List<Group> chosen = groups.select(groupNames);
        RebuildRun previous = latest.get();
        if (previous != null && previous.status().running()) {
            throw new RebuildRunningException("a rebuild of " + previous.groups() + " is running");
        }
        Connection connection = lockedAdminConnection();
        RebuildRun run = new RebuildRun(chosen.stream().map(Group::name).toList(), clock);
        if (!latest.compareAndSet(previous, run)) {
            close(connection);
            throw new RebuildRunningException("a rebuild has just started");
        }
        Thread worker = new Thread(() -> run(run, chosen, connection), "read-model-rebuild");
        worker.setDaemon(true);
        worker.start();
        return run.status();
    }

    /** The running rebuild, or the last one this instance ran. */
    public Optional<RebuildStatus> status() {
        return Optional.ofNullable(latest.get()).map(RebuildRun::status);
    }

    private Connection lockedAdminConnection() {
        try {
            Connection connection = DriverManager.getConnection(admin.url(), admin.user(), admin.password());
            try (Statement statement = connection.createStatement();
                 ResultSet locked = statement.executeQuery("SELECT pg_try_advisory_lock(" + REBUILD_LOCK_KEY + ")")) {
                locked.next();
                if (!locked.getBoolean(1)) {
                    close(connection);
                    throw new RebuildRunningException("a rebuild is running on another instance");
                }
            }
            return connection;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot reach the database as " + admin, e);
        }
    }

    private void run(RebuildRun run, List<Group> chosen, Connection connection) {
        String[] tables = chosen.stream().flatMap(group -> group.tables().stream()).toArray(String[]::new);
        List<EventMessageHandler> handlers = chosen.stream().flatMap(group -> group.handlers().stream()).toList();
        log.info("Rebuilding read models {} (tables {})", run.groups(), List.of(tables));
        workers = Executors.newFixedThreadPool(workerCount, task -> {
            Thread worker = new Thread(task, "read-model-rebuild-worker");
            worker.setDaemon(true);
            return worker;
        });
        try (connection) {
            call(connection, "SELECT rebuild_prepare(?)", tables);
            run.total(projector.sql("SELECT count(*) FROM domain_event_entry").query(Long.class).single());
            TrackingToken position = replay(run, handlers, null);
            run.enter(State.INDEXING);
            call(connection, "SELECT rebuild_index(?)", tables);
            run.enter(State.REPLAYING);
            position = replay(run, handlers, position);
            run.enter(State.SWAPPING);
            swap(connection, run, handlers, position, tables);
            run.completed();
            RebuildStatus done = run.status();
            log.info("Rebuilt read models {}: {} events at {} events/s", run.groups(), done.eventsDone(),
                    done.eventsPerSecond());
        } catch (Exception e) {
            run.failed(e.toString());
            log.error("Rebuild of read models {} failed; the live tables are unchanged", run.groups(), e);
        } finally {
            workers.shutdownNow();
        }
    }

    /** Replays every event after {@code position} into the copies; answers the position of the last one. */
    private TrackingToken replay(RebuildRun run, List<EventMessageHandler> handlers, TrackingToken position) {
        long lastLog = System.nanoTime();
        while (true) {
            List<? extends TrackedEventMessage<?>> batch;
            // read outside the copies' transaction: the event store is not in their schema
            TrackingToken from = position;
            batch = whenAConnectionIsFree(() -> {
                try (Stream<? extends TrackedEventMessage<?>> stream = events.readEvents(from, false)) {
                    return stream.limit(batchSize).toList();
                }
            });
            if (batch.isEmpty()) {
                return position;
            }
            applyInParallel(batch, handlers);
            position = batch.get(batch.size() - 1).trackingToken();
            run.replayed(batch.size());
            if (System.nanoTime() - lastLog > PROGRESS_LOG_NANOS) {
                lastLog = System.nanoTime();
                RebuildStatus status = run.status();
                log.info("Rebuild of {}: {} of {} events, {} events/s, about {} s left", status.groups(),
                        status.eventsDone(), status.eventsTotal(), status.eventsPerSecond(), status.secondsLeft());
            }
        }
    }

    /**
     * Applies a batch in {@code workers} transactions at once, each taking whole aggregates, in their order: a row
     * of a read model belongs to one aggregate, so the parts never touch the same rows. While one waits for
     * PostgreSQL, another works. The next batch starts only when all parts are in.
     */
    private void applyInParallel(List<? extends TrackedEventMessage<?>> batch, List<EventMessageHandler> handlers) {
        List<List<TrackedEventMessage<?>>> parts = new ArrayList<>();
        for (int i = 0; i < workerCount; i++) {
            parts.add(new ArrayList<>());
        }
        for (TrackedEventMessage<?> event : batch) {
            Object aggregate = event instanceof DomainEventMessage<?> domain
                    ? domain.getAggregateIdentifier() : event.getIdentifier();
            parts.get(Math.floorMod(aggregate.hashCode(), parts.size())).add(event);
        }
        List<CompletableFuture<Void>> running = new ArrayList<>();
        for (int i = 0; i < parts.size(); i++) {
            List<TrackedEventMessage<?>> part = parts.get(i);
            if (!part.isEmpty()) {
                running.add(CompletableFuture.runAsync(() -> whenAConnectionIsFree(() -> {
                    projectorTransactions.executeWithoutResult(transaction -> apply(part, handlers));
                    return null;
                }), workers));
            }
        }
        try {
            CompletableFuture.allOf(running.toArray(CompletableFuture[]::new)).join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    /**
     * Runs {@code work}, which starts a transaction, again while the pool had no connection free within its timeout:
     * the live processors' threads may hold every connection for a moment, and a rebuild is background work that may
     * wait for them, up to {@link #POOL_WAIT}. Nothing had begun, so nothing is done twice.
     */
    private static <T> T whenAConnectionIsFree(Supplier<T> work) {
        long deadline = System.nanoTime() + POOL_WAIT.toNanos();
        while (true) {
            try {
                return work.get();
            } catch (CannotCreateTransactionException e) {
                if (!(e.getCause() instanceof SQLTransientConnectionException) || System.nanoTime() > deadline) {
                    throw e;
                }
                log.debug("Rebuild waits for a projector connection: {}", e.getCause().getMessage());
            }
        }
    }

    private void apply(List<? extends TrackedEventMessage<?>> batch, List<EventMessageHandler> handlers) {
        // unqualified table names now mean the copies; a table without a copy is an error, never a live write
        projector.sql("SET LOCAL search_path TO marketflow_rebuild").update();
        ShadowWrites.begin();
        // a failed statement fails the whole rebuild: no savepoint per statement (the live processors need them)
        PGConnection connection = transactionConnection();
        AutoSave autosave = connection.getAutosave();
        connection.setAutosave(AutoSave.NEVER);
        try {
            for (TrackedEventMessage<?> event : batch) {
                for (EventMessageHandler handler : handlers) {
                    if (handler.canHandle(event)) {
                        handler.handle(event);
                    }
                }
            }
        } catch (Exception e) {
            throw new ReplayFailedException(batch.get(0), e);
        } finally {
            connection.setAutosave(autosave);
            ShadowWrites.end();
        }
    }

    private PGConnection transactionConnection() {
        try {
            return DataSourceUtils.getConnection(projectorDataSource).unwrap(PGConnection.class);
        } catch (SQLException e) {
            throw new IllegalStateException("the projector's connection is no PostgreSQL connection", e);
        }
    }

    /**
     * Holds off the live writers, lets the copies take in what was appended since {@code position}, and swaps, all
     * in one admin transaction. A lock wait that times out or deadlocks with a live batch is tried again.
     */
    private void swap(Connection connection, RebuildRun run, List<EventMessageHandler> handlers,
                      TrackingToken position, String[] tables) throws SQLException {
        for (int attempt = 1; ; attempt++) {
            connection.setAutoCommit(false);
            try {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("SET LOCAL lock_timeout = '5s'");
                }
                call(connection, "SELECT rebuild_lock(?)", tables);
                position = replay(run, handlers, position);
                call(connection, "SELECT rebuild_swap(?)", tables);
                connection.commit();
                return;
            } catch (SQLException e) {
                connection.rollback();
                boolean lockContention = "55P03".equals(e.getSQLState()) || "40P01".equals(e.getSQLState());
                if (!lockContention || attempt == SWAP_ATTEMPTS) {
                    throw e;
                }
                log.warn("Rebuild swap of {} waited too long for the live tables' lock (attempt {}); trying again",
                        run.groups(), attempt);
            } finally {
                connection.setAutoCommit(true);
            }
        }
    }

    private static void call(Connection connection, String sql, String[] tables) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setArray(1, connection.createArrayOf("text", tables));
            statement.execute();
        }
    }

    private static void close(Connection connection) {
        try {
            connection.close();
        } catch (SQLException e) {
            log.debug("closing the rebuild's admin connection failed", e);
        }
    }

    /** Another rebuild holds the copies' schema. */
    public static final class RebuildRunningException extends RuntimeException {
        RebuildRunningException(String message) {
            super(message);
        }
    }

    /** An event that a projection could not apply to the copies. */
    static final class ReplayFailedException extends RuntimeException {
        ReplayFailedException(TrackedEventMessage<?> firstOfBatch, Exception cause) {
            super("replaying the batch from " + firstOfBatch.trackingToken() + " (" + firstOfBatch.getPayloadType()
                    .getSimpleName() + ") failed: " + cause.getMessage(), cause);
        }
    }
}
