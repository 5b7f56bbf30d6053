package io.marketflow.projection.processing;

import io.marketflow.projection.ProjectionWrites;
import io.marketflow.projection.ProjectionWrites.Gathering;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;

/**
 * {@link ProjectionWrites} for the processors: in a fast transaction, the writes of a batch wait for its unit of work
 * to prepare its commit, and then each table's writes run in the order they were asked for, consecutive ones of the
 * same statement as one JDBC batch (one round trip). A row's changes {@linkplain #gather gathered} over the batch are one
 * write, whose parameters are read when the batch runs it. A write in a careful transaction, or outside any unit of
 * work, runs at once. Should a batch's writes fail, the processor is made careful before the failure rolls the batch back,
 * so that its retry finds and parks the failing event.
 */
public final class BatchedWrites implements ProjectionWrites {

    private static final String PENDING = BatchedWrites.class.getName();

    private final NamedParameterJdbcTemplate jdbc;
    private final ProjectionWrites immediate;
    private final CarefulMode careful;

    public BatchedWrites(DataSource projectorPool, CarefulMode careful) {
        this.jdbc = new NamedParameterJdbcTemplate(projectorPool);
        this.immediate = ProjectionWrites.immediate(projectorPool);
        this.careful = careful;
    }

    private record Write(String sql, Supplier<SqlParameterSource> params, IntConsumer changed) {
    }

    /** A batch's writes waiting for its commit, by table, and the rows' gatherings among them. */
    private record Pending(Map<String, List<Write>> byTable, Map<List<Object>, Gathering> gathered) {
    }

    @Override
    public void write(String table, String sql, Map<String, ?> params, IntConsumer changed) {
        Pending pending = pendingOfBatch();
        if (pending == null) {
            immediate.write(table, sql, params, changed);
            return;
        }
        SqlParameterSource source = new MapSqlParameterSource(params);
        add(pending, table, new Write(sql, () -> source, changed));
    }

    @Override
    public <G extends Gathering> void gather(String table, String sql, Object row, Supplier<G> started,
                                             Consumer<G> added) {
        Pending pending = pendingOfBatch();
        if (pending == null) {
            immediate.gather(table, sql, row, started, added);
            return;
        }
        @SuppressWarnings("unchecked") // keyed by the statement, which always gathers into the same kind
        G gathering = (G) pending.gathered().computeIfAbsent(List.of(table, sql, row), key -> {
            G first = started.get();
            add(pending, table, new Write(sql, () -> new MapSqlParameterSource(first.params()), rows -> { }));
            return first;
        });
        added.accept(gathering);
    }

    /** The writes of this thread's batch, or none when writes run at once: careful, or outside a unit of work. */
    private Pending pendingOfBatch() {
        if (!CurrentUnitOfWork.isStarted() || CarefulMode.ofCurrentTransaction()) {
            return null;
        }
        UnitOfWork<?> batch = CurrentUnitOfWork.get().root();
        return batch.getOrComputeResource(PENDING, key -> {
            Pending pending = new Pending(new LinkedHashMap<>(), new HashMap<>());
            batch.onPrepareCommit(committing -> flush(pending.byTable()));
            return pending;
        });
    }

    private static void add(Pending pending, String table, Write write) {
        pending.byTable().computeIfAbsent(table, name -> new ArrayList<>()).add(write);
    }

    private void flush(Map<String, List<Write>> byTable) {
        try {
            for (List<Write> writes : byTable.values()) {
                int from = 0;
                while (from < writes.size()) {
                    int to = from + 1;
                    while (to < writes.size() && writes.get(to).sql().equals(writes.get(from).sql())) {
                        to++;
                    }
                    List<Write> run = writes.subList(from, to);
                    int[] rows = jdbc.batchUpdate(run.get(0).sql(),
                            run.stream().map(write -> write.params().get()).toArray(SqlParameterSource[]::new));
                    for (int i = 0; i < run.size(); i++) {
                        run.get(i).changed().accept(rows[i]);
                    }
                    from = to;
                }
            }
        } catch (RuntimeException failed) {
            careful.failed();
            throw failed;
        }
    }
}
