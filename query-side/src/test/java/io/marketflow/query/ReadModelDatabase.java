package io.marketflow.query;

import com.zaxxer.hikari.HikariDataSource;
import io.marketflow.db.AdminConnection;
import io.marketflow.db.DatabaseProvisioner;
import io.marketflow.db.DatabaseRole;
import io.marketflow.db.RoleCredentials;
import io.marketflow.db.local.LocalPostgres;
import io.marketflow.persistence.db.DatabaseProperties;
import io.marketflow.persistence.db.RoleDataSources;
import io.marketflow.projection.ProjectionWrites;
import io.marketflow.projection.processing.BatchedWrites;
import io.marketflow.projection.processing.CarefulMode;
import io.marketflow.query.tenancy.TenantReads;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A real PostgreSQL with the migrated schema, reached exactly as the query side reaches it: projections write as the
 * projector role in a transaction, queries read through {@link TenantReads} as the reader role. One per test JVM.
 */
public final class ReadModelDatabase {

    private static ReadModelDatabase instance;

    private final AdminConnection admin;
    private final Map<DatabaseRole, RoleCredentials> roles;
    private final JdbcClient projector;
    private final ProjectionWrites writes;
    private final ProjectionWrites batchedWrites;
    private final TransactionTemplate projectorTransactions;
    private final TenantReads reads;

    private ReadModelDatabase(AdminConnection admin, Map<DatabaseRole, RoleCredentials> roles,
                              HikariDataSource projector, HikariDataSource reader) {
        this.admin = admin;
        this.roles = roles;
        this.projector = JdbcClient.create(projector);
        this.writes = ProjectionWrites.immediate(projector);
        this.batchedWrites = new BatchedWrites(projector, new CarefulMode(Clock.systemUTC()));
        this.projectorTransactions = new TransactionTemplate(new DataSourceTransactionManager(projector));
        this.reads = new TenantReads(reader);
    }

    public static synchronized ReadModelDatabase get() {
        if (instance == null) {
            LocalPostgres postgres = LocalPostgres.startTemporary();
            Runtime.getRuntime().addShutdownHook(new Thread(postgres::close));
            AdminConnection admin = postgres.database("read_models");
            Map<DatabaseRole, RoleCredentials> roles = new DatabaseProvisioner(admin)
                    .provision(EnumSet.of(DatabaseRole.PROJECTOR, DatabaseRole.READER));
            DatabaseProperties properties = new DatabaseProperties(admin.url(), admin.user(), admin.password(), 2, 2,
                    Duration.ofSeconds(10), Duration.ofSeconds(2));
            instance = new ReadModelDatabase(admin, roles,
                    RoleDataSources.pool(roles.get(DatabaseRole.PROJECTOR), properties),
                    RoleDataSources.pool(roles.get(DatabaseRole.READER), properties));
        }
        return instance;
    }

    /** The projector's client, for arranging and reading rows as the projector. */
    public JdbcClient projector() {
        return projector;
    }

    /** The projector's writes, each at once: hand them to a projection's constructor. */
    public ProjectionWrites writes() {
        return writes;
    }

    /** Runs an event handler as Axon would: in one projector transaction. */
    public void project(Runnable handler) {
        projectorTransactions.executeWithoutResult(status -> handler.run());
    }

    /** The projector's writes as the live processor's fast batches make them: hand them to a projection. */
    public ProjectionWrites batchedWrites() {
        return batchedWrites;
    }

    /**
     * Runs event handlers as the live processor runs a batch: in one unit of work in one projector transaction, so
     * that the {@link #batchedWrites()} they ask for go together when the batch commits.
     */
    public void projectBatch(List<Runnable> handlers) {
        projectorTransactions.executeWithoutResult(status ->
                DefaultUnitOfWork.startAndGet(null).execute(() -> handlers.forEach(Runnable::run)));
    }

    /** Reads as the projector, which sees every tenant: for comparing whole tables. */
    public <T> T asProjector(Supplier<T> read) {
        return projectorTransactions.execute(status -> read.get());
    }

    public TenantReads reads() {
        return reads;
    }

    /** The superuser connection the schema was migrated with: for catalog checks, never for reading read models. */
    public AdminConnection admin() {
        return admin;
    }

    /** How to log in as {@code role} (projector or reader), e.g. to build a pool of another size. */
    public RoleCredentials credentials(DatabaseRole role) {
        return roles.get(role);
    }
}
