package io.marketflow.projection;

import java.util.Map;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import java.util.function.Supplier;
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

    /**
     * Adds one event's change of {@code row} to {@code table}'s one write of that row in the batch: the batch's
     * changes of the row are {@code added} to one {@link Gathering}, {@code started} at the row's first change, and
     * {@code sql} runs once with its parameters, where that first change stands among the table's writes. So a row
     * that many events of a batch change is written once, not once per event. {@code sql} must give the same row
     * whether it gets the changes one by one or all together. Where writes run at once, each change is a gathering
     * of its own.
     */
    default <G extends Gathering> void gather(String table, String sql, Object row, Supplier<G> started,
                                              Consumer<G> added) {
        G alone = started.get();
        added.accept(alone);
        write(table, sql, alone.params());
    }

    /** The changes of one row gathered for its one write. */
    interface Gathering {

        /** The named parameters of the row's write, with every change gathered so far. */
        Map<String, ?> params();
    }

    /** Writes that run at once, each as it is asked for, in the caller's transaction if there is one. */
    static ProjectionWrites immediate(DataSource pool) {
        NamedParameterJdbcTemplate jdbc = new NamedParameterJdbcTemplate(pool);
        return (table, sql, params, changed) -> changed.accept(jdbc.update(sql, params));
    }
}
