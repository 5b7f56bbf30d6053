package io.marketflow.projection.processing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.marketflow.db.AdminConnection;
import io.marketflow.db.local.LocalPostgres;
import io.marketflow.projection.ProjectionWrites;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A batch's writes, against a real PostgreSQL: in a fast transaction they wait for the unit of work's commit and then
 * run in the order they were asked for, each told its row count before the commit; in a careful transaction, or with
 * no unit of work, each runs at once; a row's changes gathered over a batch are one write where its first change
 * stands; and a batch whose writes fail commits none of them and makes the next
 * transactions careful.
 */
class BatchedWritesTest {

    private static LocalPostgres postgres;
    private static AdminConnection admin;
    private static DriverManagerDataSource pool;

    private final CarefulMode careful = new CarefulMode(Clock.systemUTC());
    private final BatchedWrites writes = new BatchedWrites(pool, careful);
    private final JdbcClient jdbc = JdbcClient.create(pool);
    private final TransactionTemplate transactions = new TransactionTemplate(new DataSourceTransactionManager(pool));
    private final List<String> told = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() {
        postgres = LocalPostgres.startTemporary();
        admin = postgres.database("batched_writes");
        pool = new DriverManagerDataSource(admin.url(), admin.user(), admin.password());
    }

    @AfterAll
    static void stop() {
        postgres.close();
    }

    @BeforeEach
    void freshTables() {
        jdbc.sql("DROP TABLE IF EXISTS note, tally").update();
        jdbc.sql("CREATE TABLE note (id int PRIMARY KEY, text text NOT NULL)").update();
        jdbc.sql("CREATE TABLE tally (id int PRIMARY KEY, count int NOT NULL)").update();
        jdbc.sql("INSERT INTO tally VALUES (1, 0)").update();
    }

    @Test
    void aBatchsWritesWaitForItsCommitAndRunInTheirOrder() {
        List<Long> seenDuringTheBatch = new CopyOnWriteArrayList<>();
        inOneBatch(() -> {
            insertNote(1, "first");
            bump();
            insertNote(2, "second");
            insertNote(1, "again"); // the same row: nothing changes
            bump();
            writes.write("note", "UPDATE note SET text = :text WHERE id = :id", Map.of("id", 1, "text", "edited"),
                    rows -> told.add("edit " + rows));
            seenDuringTheBatch.add(jdbc.sql("SELECT count(*) FROM note").query(Long.class).single());
            assertThat(told).isEmpty();
        });

        assertThat(seenDuringTheBatch).containsExactly(0L);
        assertThat(told).containsExactly("note 1: 1", "note 2: 1", "note 1: 0", "edit 1", "bump 1", "bump 1");
        assertThat(jdbc.sql("SELECT text FROM note ORDER BY id").query(String.class).list())
                .containsExactly("edited", "second");
        assertThat(jdbc.sql("SELECT count FROM tally").query(Integer.class).single()).isEqualTo(2);
        assertThat(careful.forNextTransaction()).isFalse();
    }

    @Test
    void aCarefulTransactionWritesAtOnce() {
        List<Long> seenDuringTheBatch = new CopyOnWriteArrayList<>();
        inOneBatch(() -> {
            TransactionSynchronizationManager.bindResource(CarefulMode.class, Boolean.TRUE);
            try {
                insertNote(1, "first");
                seenDuringTheBatch.add(jdbc.sql("SELECT count(*) FROM note").query(Long.class).single());
                assertThat(told).containsExactly("note 1: 1");
            } finally {
                TransactionSynchronizationManager.unbindResource(CarefulMode.class);
            }
        });

        assertThat(seenDuringTheBatch).containsExactly(1L);
    }

    @Test
    void withoutAUnitOfWorkEachWriteRunsAtOnce() {
        insertNote(7, "alone");

        assertThat(told).containsExactly("note 7: 1");
        assertThat(jdbc.sql("SELECT text FROM note").query(String.class).single()).isEqualTo("alone");
    }

    @Test
    void aBatchWhoseWritesFailCommitsNothingAndMakesTheNextTransactionsCareful() {
        assertThat(careful.forNextTransaction()).isFalse();

        assertThatThrownBy(() -> inOneBatch(() -> {
            insertNote(1, "first");
            writes.write("note", "INSERT INTO note (id, text) VALUES (:id, :text)", Map.of("id", 1, "text", "twice"));
        })).hasMessageContaining("duplicate key");

        assertThat(jdbc.sql("SELECT count(*) FROM note").query(Long.class).single()).isZero();
        assertThat(careful.forNextTransaction()).isTrue();
    }

    @Test
    void insertsTheDriverSendsAsOneMultiRowStatementAreToldTheirCountIsUnknown() {
        String url = admin.url() + (admin.url().contains("?") ? "&" : "?") + "reWriteBatchedInserts=true";
        DriverManagerDataSource rewriting = new DriverManagerDataSource(url, admin.user(), admin.password());
        BatchedWrites batched = new BatchedWrites(rewriting, careful);
        new TransactionTemplate(new DataSourceTransactionManager(rewriting)).executeWithoutResult(transaction ->
                DefaultUnitOfWork.startAndGet(null).execute(() -> {
                    for (int id = 1; id <= 4; id++) {
                        int note = id;
                        batched.write("note", "INSERT INTO note (id, text) VALUES (:id, :text) "
                                        + "ON CONFLICT (id) DO NOTHING",
                                Map.of("id", note, "text", "note " + note), rows -> told.add(note + ": " + rows));
                    }
                }));

        // four rows go as one statement (the driver groups a batch's inserts by powers of two)
        assertThat(told).containsExactly("1: " + Statement.SUCCESS_NO_INFO, "2: " + Statement.SUCCESS_NO_INFO,
                "3: " + Statement.SUCCESS_NO_INFO, "4: " + Statement.SUCCESS_NO_INFO);
        assertThat(jdbc.sql("SELECT text FROM note ORDER BY id").query(String.class).list())
                .containsExactly("note 1", "note 2", "note 3", "note 4");
    }

    @Test
    void aRowsGatheredChangesAreOneWriteWhereItsFirstChangeStands() {
        inOneBatch(() -> {
            timesTen();
            addToTally(1);
            timesTen();
            addToTally(2);
        });

        // ×10, then the one write adding 1 + 2, then ×10: each change written alone would give ((0 + 1) × 10) + 2
        assertThat(tally()).isEqualTo(30);
    }

    @Test
    void aCarefulTransactionWritesEachGatheredChangeAtOnce() {
        inOneBatch(() -> {
            TransactionSynchronizationManager.bindResource(CarefulMode.class, Boolean.TRUE);
            try {
                addToTally(1);
                assertThat(tally()).isEqualTo(1);
                timesTen();
                addToTally(2);
            } finally {
                TransactionSynchronizationManager.unbindResource(CarefulMode.class);
            }
        });

        assertThat(tally()).isEqualTo(12);
    }

    @Test
    void withoutAUnitOfWorkEachGatheredChangeRunsAtOnce() {
        addToTally(4);
        assertThat(tally()).isEqualTo(4);
        addToTally(5);
        assertThat(tally()).isEqualTo(9);
    }

    /** Amounts added to the tally: a batch's amounts go as one sum. */
    private static final class Added implements ProjectionWrites.Gathering {

        private int sum;

        @Override
        public Map<String, ?> params() {
            return Map.of("sum", sum);
        }
    }

    private void addToTally(int amount) {
        writes.gather("tally", "UPDATE tally SET count = count + :sum WHERE id = 1", 1, Added::new,
                added -> added.sum += amount);
    }

    private void timesTen() {
        writes.write("tally", "UPDATE tally SET count = count * 10 WHERE id = 1", Map.of());
    }

    private int tally() {
        return jdbc.sql("SELECT count FROM tally").query(Integer.class).single();
    }

    /** As the live processor runs a batch: one unit of work in one transaction, committed together. */
    private void inOneBatch(Runnable handlers) {
        transactions.executeWithoutResult(transaction -> DefaultUnitOfWork.startAndGet(null).execute(handlers));
    }

    private void insertNote(int id, String text) {
        writes.write("note", "INSERT INTO note (id, text) VALUES (:id, :text) ON CONFLICT (id) DO NOTHING",
                Map.of("id", id, "text", text), rows -> told.add("note " + id + ": " + rows));
    }

    private void bump() {
        writes.write("tally", "UPDATE tally SET count = count + 1 WHERE id = 1", Map.of(),
                rows -> told.add("bump " + rows));
    }
}
