package io.marketflow.projection.processing;

import io.marketflow.projection.ProjectionWrites;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;
import javax.sql.DataSource;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;

/**
 * {@link ProjectionWrites} for the processors: in a fast transaction, the writes of a batch wait for its unit of work
 * to prepare its commit, and then each table's writes run in the order they were asked for, consecutive ones of the
 * same statement as one JDBC batch (one round trip). A write in a careful transaction, or outside any unit of work,
 * runs at once. Should a batch's writes fail, the processor is made careful before the failure rolls the batch back,
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

    private record Write(String sql, SqlParameterSource params, IntConsumer changed) {
    }

    @Override
    public void write(String table, String sql, Map<String, ?> params, IntConsumer changed) {
        if (!CurrentUnitOfWork.isStarted() || CarefulMode.ofCurrentTransaction()) {
            immediate.write(table, sql, params, changed);
            return;
        }
        UnitOfWork<?> batch = CurrentUnitOfWork.get().root();
        Map<String, List<Write>> pending = batch.getOrComputeResource(PENDING, key -> {
            Map<String, List<Write>> byTable = new LinkedHashMap<>();
            batch.onPrepareCommit(committing -> flush(byTable));
            return byTable;
        });
        pending.computeIfAbsent(table, name -> new ArrayList<>())
                .add(new Write(sql, new MapSqlParameterSource(params), changed));
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
                            run.stream().map(Write::params).toArray(SqlParameterSource[]::new));
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
