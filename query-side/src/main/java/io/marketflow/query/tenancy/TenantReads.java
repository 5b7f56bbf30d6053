package io.marketflow.query.tenancy;

import io.marketflow.edge.caller.VerifiedTenant;
import java.util.function.Function;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The only way query handlers reach the read models: a read-only transaction under the reader role, with the
 * verified tenant set for row-level security first ({@code set_config(..., true)}: for this transaction only, so a
 * pooled connection never carries a tenant into the next request). A handler that forgot its own
 * {@code tenant_id} filter would still see nothing but the tenant's rows.
 */
public final class TenantReads {

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;

    /** @param readerDataSource a pool logged in as the reader role, which cannot bypass row-level security */
    public TenantReads(DataSource readerDataSource) {
        this.jdbc = JdbcClient.create(readerDataSource);
        this.transactions = new TransactionTemplate(new DataSourceTransactionManager(readerDataSource));
        this.transactions.setReadOnly(true);
    }

    /** Runs {@code work} in one transaction that can see {@code tenant}'s rows only. */
    public <T> T read(VerifiedTenant tenant, Function<JdbcClient, T> work) {
        return transactions.execute(status -> {
            jdbc.sql("SELECT set_config('app.tenant_id', ?, true)")
                    .param(tenant.id().value())
                    .query(String.class)
                    .single();
            return work.apply(jdbc);
        });
    }
}
