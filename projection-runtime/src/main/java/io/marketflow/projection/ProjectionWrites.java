package io.marketflow.projection;

import java.util.Map;
import java.util.function.IntConsumer;
import javax.sql.DataSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * How a projection writes its tables. In the live processor's batches a write waits for the batch's end, and then
 * goes with the batch's other writes of its table, in the order they were asked for, as one JDBC batch: a batch of
 * events costs a few round trips rather than one per event and read model. Writes of different tables may go in any
 * order (no row belongs to two tables), writes of one table never overtake each other. When a batch has to be applied
 * carefully (after a failure, for retries of parked events), every write runs at once, so that a failing event can
 * be parked alone.
 */
public interface ProjectionWrites {

    /**
     * Runs {@code sql} with named {@code params} on {@code table}; {@code changed} is told how many rows it changed,
     * when it has run, before the batch commits, or {@link java.sql.Statement#SUCCESS_NO_INFO} for an insert the
     * driver sent with others of the batch as one multi-row statement, whose rows it does not count one by one.
     */
    void write(String table, String sql, Map<String, ?> params, IntConsumer changed);

    /** Like {@link #write(String, String, Map, IntConsumer)}, for a write whose row count nothing needs. */
    default void write(String table, String sql, Map<String, ?> params) {
        write(table, sql, params, rows -> { });
    }

    /** Writes that run at once, each as it is asked for, in the caller's transaction if there is one. */
    static ProjectionWrites immediate(DataSource pool) {
        NamedParameterJdbcTemplate jdbc = new NamedParameterJdbcTemplate(pool);
        return (table, sql, params, changed) -> changed.accept(jdbc.update(sql, params));
    }
}
