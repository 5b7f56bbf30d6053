package io.marketflow.projection.rebuild;

import io.marketflow.db.AdminConnection;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One rebuild's admin connection: it holds the lock that lets one rebuild run at a time across all instances (they
 * share the twins' schema), and it runs the rebuild's DDL, the functions of migration V7 that only the admin may call:
 * making the twins, indexing them, and, in one transaction, holding off the live tables' writers and swapping the
 * twins in. A session-level advisory lock needs the one connection for the whole rebuild, so it is not a pooled one.
 */
final class RebuildSession implements AutoCloseable {

    /** What a transaction of the session does while it holds the live tables' writers off. */
    @FunctionalInterface
    interface WhileLocked {
        void run() throws Exception;
    }

    private static final Logger log = LoggerFactory.getLogger(RebuildSession.class);
    private static final long REBUILD_LOCK_KEY = 0x7265627569646cL;
    private static final int SWAP_ATTEMPTS = 5;

    private final Connection connection;
    private final String[] tables;

    private RebuildSession(Connection connection, List<String> tables) {
        this.connection = connection;
        this.tables = tables.toArray(String[]::new);
    }

    /**
     * A session for a rebuild of {@code tables}, holding the rebuild lock.
     *
     * @throws ReadModelRebuilder.RebuildRunningException if another instance's rebuild holds the lock
     */
    static RebuildSession open(AdminConnection admin, List<String> tables) {
        Connection connection;
        try {
            connection = DriverManager.getConnection(admin.url(), admin.user(), admin.password());
        } catch (SQLException e) {
            throw new IllegalStateException("cannot reach the database as " + admin, e);
        }
        try (Statement statement = connection.createStatement();
             ResultSet locked = statement.executeQuery("SELECT pg_try_advisory_lock(" + REBUILD_LOCK_KEY + ")")) {
            locked.next();
            if (!locked.getBoolean(1)) {
                close(connection);
                throw new ReadModelRebuilder.RebuildRunningException("a rebuild is running on another instance");
            }
            return new RebuildSession(connection, tables);
        } catch (SQLException e) {
            close(connection);
            throw new IllegalStateException("cannot take the rebuild lock", e);
        }
    }

    /** Empty twins of the tables in {@code marketflow_rebuild}, with their keys, security, policies and grants. */
    void prepareTwins() throws SQLException {
        call("SELECT rebuild_prepare(?)");
    }

    /** The twins' other indexes and planner statistics, built once over the loaded rows. */
    void indexTwins() throws SQLException {
        call("SELECT rebuild_index(?)");
    }

    /**
     * In one transaction: holds off the live tables' writers, runs {@code whileLocked} (which lets the twins take
     * in the last events), then swaps the twins in. A lock wait that times out or deadlocks with a live batch is
     * tried again.
     */
    void swapTwinsIn(WhileLocked whileLocked) throws Exception {
        for (int attempt = 1; ; attempt++) {
            connection.setAutoCommit(false);
            try {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("SET LOCAL lock_timeout = '5s'");
                }
                call("SELECT rebuild_lock(?)");
                whileLocked.run();
                call("SELECT rebuild_swap(?)");
                connection.commit();
                return;
            } catch (SQLException e) {
                connection.rollback();
                boolean lockContention = "55P03".equals(e.getSQLState()) || "40P01".equals(e.getSQLState());
                if (!lockContention || attempt == SWAP_ATTEMPTS) {
                    throw e;
                }
                log.warn("Rebuild swap of {} waited too long for the live tables' lock (attempt {}); trying again",
                        List.of(tables), attempt);
            } catch (Exception e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        }
    }

    /** Ends the session, and so releases the rebuild lock. */
    @Override
    public void close() {
        close(connection);
    }

    private void call(String sql) throws SQLException {
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
}
