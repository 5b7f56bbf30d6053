package io.marketflow.query.safety;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.marketflow.db.AdminConnection;
import io.marketflow.db.DatabaseRole;
import io.marketflow.persistence.db.DatabaseProperties;
import io.marketflow.persistence.db.RoleDataSources;
import io.marketflow.query.ReadModelDatabase;
import io.marketflow.query.TestTenants;
import io.marketflow.query.tenancy.TenantReads;
import io.marketflow.edge.caller.VerifiedTenant;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A reader pool of two connections, shared by tenants in turn, by reads that roll back or fail part-way, and by plain
 * reads that set no tenant at all: no connection ever carries a tenant from one use into the next, whichever of
 * {@link TenantReads}' two ways the tenant's reads take.
 */
class PoolBleedIntegrationTest {

    private static final int READS = 100_000;
    private static final int THREADS = 3; // one more than the pool has connections, so connections change hands
    private static final int TENANTS = 5; // tenant k owns k + 1 markets, so a swapped tenant shows in the count
    private static final String DIVISION_BY_ZERO = "22012";

    private final ReadModelDatabase database = ReadModelDatabase.get();

    /** Thrown from inside a read, so that its transaction rolls back. */
    private static final class RollBack extends RuntimeException {
        RollBack() {
            super("roll back", null, false, false);
        }
    }

    private record Row(String tenant, int backend) {
    }

    /** How a tenant's read reaches the database: each of {@link TenantReads}' two ways. */
    private enum Path {
        /** {@link TenantReads#read}: an explicit read-only transaction, its statements one by one. */
        TRANSACTION,
        /** {@link TenantReads#list}: one statement sent with the setting, in PostgreSQL's implicit transaction. */
        ONE_STATEMENT
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void noRowOfAnotherTenantAndNoRowWithoutATenantAcross100000PooledReads() throws Exception {
        noBleedAcross(Path.TRANSACTION);
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void noRowOfAnotherTenantAndNoRowWithoutATenantAcross100000PooledSingleStatementReads() throws Exception {
        noBleedAcross(Path.ONE_STATEMENT);
    }

    private void noBleedAcross(Path path) throws Exception {
        List<VerifiedTenant> tenants = new ArrayList<>();
        for (int k = 0; k < TENANTS; k++) {
            tenants.add(TestTenants.organizer("bleed-" + k + "-" + UUID.randomUUID()));
        }
        tenants.add(TestTenants.vendor("bleed-empty-" + UUID.randomUUID())); // a tenant with no rows at all
        UUID directoryMarket = seed(tenants);
        String everyProtectedRow = countEveryRowUnderRowLevelSecurity();

        DatabaseProperties twoConnections = new DatabaseProperties(database.admin().url(), database.admin().user(),
                database.admin().password(), 2, 2, Duration.ofSeconds(10), Duration.ofSeconds(2));
        try (HikariDataSource pool = RoleDataSources.pool(database.credentials(DatabaseRole.READER), twoConnections)) {
            TenantReads reads = new TenantReads(pool);
            JdbcClient plain = JdbcClient.create(pool);

            AtomicInteger next = new AtomicInteger();
            AtomicLong foreignRows = new AtomicLong();
            AtomicLong rowsWithoutTenant = new AtomicLong();
            AtomicLong wrongCounts = new AtomicLong();
            AtomicLong tenantLeftSet = new AtomicLong();
            AtomicLong rolledBack = new AtomicLong();
            AtomicLong failedStatements = new AtomicLong();
            AtomicLong plainReads = new AtomicLong();
            AtomicLong failedPlainReads = new AtomicLong();
            Set<Integer> backends = ConcurrentHashMap.newKeySet();
            List<String> unexpected = Collections.synchronizedList(new ArrayList<>());
            AtomicLong readCalls = new AtomicLong();

            Runnable worker = () -> {
                for (int i = next.getAndIncrement(); i < READS; i = next.getAndIncrement()) {
                    int index = i % tenants.size();
                    VerifiedTenant tenant = tenants.get(index);
                    String own = tenant.id().value();
                    int expected = index < TENANTS ? index + 1 : 0;
                    int kind = i % 10;
                    try {
                        readCalls.incrementAndGet();
                        if (path == Path.ONE_STATEMENT) {
                            readInOneStatement(reads, tenant, kind, expected, foreignRows, wrongCounts, backends);
                        } else {
                            reads.read(tenant, jdbc -> {
                                if (kind == 9) { // a statement fails before anything is read
                                    jdbc.sql("SELECT 1 / 0").query(Integer.class).single();
                                }
                                // no tenant filter of its own: row-level security alone decides what comes back
                                List<Row> rows = jdbc.sql("SELECT tenant_id, pg_backend_pid() FROM market_counts")
                                        .query((result, n) -> new Row(result.getString(1), result.getInt(2))).list();
                                long mine = rows.stream().filter(row -> row.tenant().equals(own)).count();
                                foreignRows.addAndGet(rows.size() - mine);
                                if (mine != expected) {
                                    wrongCounts.incrementAndGet();
                                }
                                rows.stream().map(Row::backend).forEach(backends::add);
                                if (kind == 3) {
                                    throw new RollBack();
                                }
                                if (kind == 6) { // a statement fails after the tenant's rows were read
                                    jdbc.sql("SELECT count(*) / 0 FROM market_counts").query(Long.class).single();
                                }
                                return rows.size();
                            });
                        }
                        if (kind == 3 || kind == 6 || kind == 9) {
                            unexpected.add("read " + i + " should have ended in an exception");
                        }
                    } catch (RollBack e) {
                        rolledBack.incrementAndGet();
                    } catch (DataAccessException e) {
                        if ((kind == 6 || kind == 9) && DIVISION_BY_ZERO.equals(sqlState(e))) {
                            failedStatements.incrementAndGet();
                        } else {
                            unexpected.add("read " + i + ": " + e);
                        }
                    }
                    if (i % 3 == 0) { // between tenant reads, a plain autocommit read that sets no tenant
                        Map<String, Object> seen = plain.sql("SELECT current_setting('app.tenant_id', true) AS tenant, "
                                + everyProtectedRow + " AS visible").query().singleRow();
                        plainReads.incrementAndGet();
                        rowsWithoutTenant.addAndGet(((Number) seen.get("visible")).longValue());
                        Object leftOver = seen.get("tenant");
                        if (leftOver != null && !leftOver.toString().isEmpty()) {
                            tenantLeftSet.incrementAndGet();
                        }
                    }
                    if (i % 50 == 25) { // and now and then a plain statement that fails
                        try {
                            plain.sql("SELECT 1 / 0").query(Integer.class).single();
                        } catch (DataAccessException e) {
                            failedPlainReads.incrementAndGet();
                        }
                    }
                }
            };

            long start = System.nanoTime();
            ExecutorService threads = Executors.newFixedThreadPool(THREADS);
            try {
                List<Future<?>> running = new ArrayList<>();
                for (int t = 0; t < THREADS; t++) {
                    running.add(threads.submit(worker));
                }
                for (Future<?> thread : running) {
                    thread.get();
                }
            } finally {
                threads.shutdownNow();
            }
            double elapsed = (System.nanoTime() - start) / 1e9;

            System.out.printf(Locale.ROOT,
                    "pool bleed: reads %d, foreign rows %d, rows without tenant %d, elapsed %.1f s%n",
                    readCalls.get(), foreignRows.get(), rowsWithoutTenant.get(), elapsed);
            System.out.printf(Locale.ROOT, "pool bleed detail: threads %d, pool connections %d, backends seen %d, "
                            + "rolled back %d, failed statements %d, plain reads %d, failed plain reads %d, "
                            + "wrong own-row counts %d, tenant left set after commit %d%n",
                    THREADS, pool.getHikariPoolMXBean().getTotalConnections(), backends.size(), rolledBack.get(),
                    failedStatements.get(), plainReads.get(), failedPlainReads.get(), wrongCounts.get(),
                    tenantLeftSet.get());

            assertThat(unexpected).isEmpty();
            assertThat(readCalls.get()).isEqualTo(READS);
            assertThat(foreignRows.get()).as("rows of another tenant").isZero();
            assertThat(rowsWithoutTenant.get()).as("rows seen with no tenant set").isZero();
            assertThat(wrongCounts.get()).as("tenant reads that did not return exactly the tenant's rows").isZero();
            assertThat(tenantLeftSet.get()).as("plain reads that found a tenant still set").isZero();
            assertThat(rolledBack.get()).isEqualTo(READS / 10);
            assertThat(failedStatements.get()).isEqualTo(2L * READS / 10);
            assertThat(plainReads.get()).isEqualTo((READS + 2) / 3);
            assertThat(failedPlainReads.get()).isEqualTo(READS / 50);
            assertThat(backends).as("backends that served the reads: the pool's two connections").hasSize(2);
        } finally {
            unseed(tenants, directoryMarket);
        }
    }

    /**
     * The same read as the transaction's, as one statement: failing before any row is read (kind 9), failing where
     * the transaction's second statement fails (kind 6), or thrown from while its rows are mapped (kind 3).
     */
    private static void readInOneStatement(TenantReads reads, VerifiedTenant tenant, int kind, int expected,
                                           AtomicLong foreignRows, AtomicLong wrongCounts, Set<Integer> backends) {
        if (kind == 9) {
            reads.list(tenant, "SELECT 1 / 0", Map.of(), (result, n) -> result.getInt(1));
            return;
        }
        if (kind == 6) {
            reads.list(tenant, "SELECT count(*) / 0 FROM market_counts", Map.of(), (result, n) -> result.getLong(1));
            return;
        }
        // no tenant filter of its own: row-level security alone decides what comes back
        List<Row> rows = reads.list(tenant, "SELECT tenant_id, pg_backend_pid() FROM market_counts", Map.of(),
                (result, n) -> {
                    if (kind == 3) {
                        throw new RollBack();
                    }
                    return new Row(result.getString(1), result.getInt(2));
                });
        if (kind == 3) { // the tenant without rows: thrown once the empty answer is read
            throw new RollBack();
        }
        long mine = rows.stream().filter(row -> row.tenant().equals(tenant.id().value())).count();
        foreignRows.addAndGet(rows.size() - mine);
        if (mine != expected) {
            wrongCounts.incrementAndGet();
        }
        rows.stream().map(Row::backend).forEach(backends::add);
    }

    /** Tenant k gets k + 1 markets, the last tenant none; one open market in the public directory. */
    private UUID seed(List<VerifiedTenant> tenants) {
        UUID directoryMarket = UUID.randomUUID();
        Timestamp now = Timestamp.from(Instant.now());
        database.project(() -> {
            for (int k = 0; k < TENANTS; k++) {
                for (int market = 0; market <= k; market++) {
                    database.projector().sql("""
                                    INSERT INTO market_counts (market_id, tenant_id, name, location, open, created_at,
                                                               last_sequence)
                                    VALUES (?, ?, ?, 'Pool Lane', true, ?, 0)""")
                            .params(UUID.randomUUID(), tenants.get(k).id().value(), "Bleed Market " + market, now)
                            .update();
                }
            }
            database.projector().sql("""
                            INSERT INTO directory_market (market_id, name, location, open, created_at, last_sequence)
                            VALUES (?, 'Bleed Directory Market', 'Pool Lane', true, ?, 0)""")
                    .params(directoryMarket, now)
                    .update();
        });
        return directoryMarket;
    }

    private void unseed(List<VerifiedTenant> tenants, UUID directoryMarket) {
        database.project(() -> {
            database.projector().sql("DELETE FROM market_counts WHERE tenant_id IN (:tenants)")
                    .param("tenants", tenants.stream().map(tenant -> tenant.id().value()).toList())
                    .update();
            database.projector().sql("DELETE FROM directory_market WHERE market_id = ?")
                    .param(directoryMarket)
                    .update();
        });
    }

    /** An expression counting the reader's rows of every table under row-level security, found in the catalog. */
    private String countEveryRowUnderRowLevelSecurity() throws SQLException {
        AdminConnection admin = database.admin();
        List<String> tables = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(admin.url(), admin.user(), admin.password());
             var statement = connection.createStatement();
             var result = statement.executeQuery("""
                     SELECT c.oid::regclass::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                     WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND c.relrowsecurity
                       AND has_table_privilege('marketflow_reader', c.oid, 'SELECT')
                     ORDER BY 1""")) {
            while (result.next()) {
                tables.add(result.getString(1));
            }
        }
        assertThat(tables).contains("market_counts", "directory_market");
        return tables.stream().map(table -> "(SELECT count(*) FROM " + table + ")").collect(Collectors.joining(" + "));
    }

    private static String sqlState(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql) {
                return sql.getSQLState();
            }
        }
        return null;
    }
}
