package io.marketflow.projection.processing;

import java.sql.SQLException;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.jdbc.AutoSave;
import org.springframework.jdbc.datasource.DataSourceUtils;

/**
 * Whether the driver takes a savepoint before every statement of the current transaction (PgJDBC's autosave), set on
 * the pooled connection the transaction holds, and put back as the pool had it when the transaction ends.
 */
public final class Savepoints {

    private Savepoints() {
    }

    /** Sets the current transaction's connection from {@code pool} to {@code mode}; answers how to put it back. */
    public static Runnable use(DataSource pool, AutoSave mode) throws SQLException {
        PGConnection connection = DataSourceUtils.getConnection(pool).unwrap(PGConnection.class);
        AutoSave pooled = connection.getAutosave();
        connection.setAutosave(mode);
        return () -> connection.setAutosave(pooled);
    }
}
