package io.marketflow.query.tenancy;

import io.marketflow.edge.caller.VerifiedTenant;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import javax.sql.DataSource;
import org.springframework.dao.InvalidDataAccessApiUsageException;
import org.springframework.dao.support.DataAccessUtils;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.RowMapperResultSetExtractor;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The only way query handlers reach the read models, always as the reader role with the verified tenant set for
 * row-level security first ({@code set_config(..., true)}: for that transaction only, so a pooled connection never
 * carries a tenant into the next request). A handler that forgot its own {@code tenant_id} filter would still see
 * nothing but the tenant's rows.
 *
 * <p>A handler's single {@code SELECT} ({@link #list}, {@link #optional}) goes in one round trip with the tenant's
 * setting: both statements are sent before one sync, which PostgreSQL runs as one implicit transaction, so the
 * setting holds for the {@code SELECT} and ends with it, committed or failed. Work of several statements
 * ({@link #read}) runs in an explicit read-only transaction: {@code BEGIN}, the setting, its statements,
 * {@code COMMIT}, two round trips more. Either way the reader role's transactions are read-only (V15).
 */
public final class TenantReads {

    private static final String TENANT_PARAMETER = "marketflowVerifiedTenant";
    // the first statement of every single-statement read; the handler's own follows it in the same message
    private static final String SET_TENANT = "SELECT set_config('app.tenant_id', :" + TENANT_PARAMETER + ", true);\n";

    private final JdbcClient jdbc;
    private final NamedParameterJdbcTemplate statements;
    private final TransactionTemplate transactions;

    /**
     * @param readerDataSource a pool logged in as the reader role, which cannot bypass row-level security, its
     *                         connections in auto-commit (Hikari's default), so that PostgreSQL ends each
     *                         single-statement read's implicit transaction
     */
    public TenantReads(DataSource readerDataSource) {
        this.jdbc = JdbcClient.create(readerDataSource);
        this.statements = new NamedParameterJdbcTemplate(readerDataSource);
        this.transactions = new TransactionTemplate(new DataSourceTransactionManager(readerDataSource));
        this.transactions.setReadOnly(true);
    }

    /**
     * The rows of one {@code SELECT} with named parameters, read as {@code tenant}, in one round trip.
     *
     * @throws InvalidDataAccessApiUsageException if {@code sql} is not exactly one statement that returns rows
     */
    public <T> List<T> list(VerifiedTenant tenant, String sql, Map<String, ?> params, RowMapper<T> rows) {
        MapSqlParameterSource values = new MapSqlParameterSource(params)
                .addValue(TENANT_PARAMETER, tenant.id().value());
        return statements.execute(SET_TENANT + sql, values, (PreparedStatement statement) -> {
            statement.execute(); // the setting's own one-row answer comes first
            if (!statement.getMoreResults()) {
                throw notOneSelect(sql);
            }
            List<T> found;
            try (ResultSet result = statement.getResultSet()) {
                found = new RowMapperResultSetExtractor<>(rows).extractData(result);
            }
            if (moreResults(statement)) {
                throw notOneSelect(sql);
            }
            return found;
        });
    }

    /** Like {@link #list}, for a {@code SELECT} of at most one row: empty when there is none. */
    public <T> Optional<T> optional(VerifiedTenant tenant, String sql, Map<String, ?> params, RowMapper<T> rows) {
        return DataAccessUtils.optionalResult(list(tenant, sql, params, rows));
    }

    /** Runs {@code work}, which may read several times, in one read-only transaction seeing {@code tenant}'s rows. */
    public <T> T read(VerifiedTenant tenant, Function<JdbcClient, T> work) {
        return transactions.execute(status -> {
            jdbc.sql("SELECT set_config('app.tenant_id', ?, true)")
                    .param(tenant.id().value())
                    .query(String.class)
                    .single();
            return work.apply(jdbc);
        });
    }

    private static boolean moreResults(PreparedStatement statement) throws SQLException {
        return statement.getMoreResults() || statement.getUpdateCount() != -1;
    }

    private static InvalidDataAccessApiUsageException notOneSelect(String sql) {
        return new InvalidDataAccessApiUsageException("a tenant's read is one SELECT, not: " + sql);
    }
}
