package io.marketflow.query.config;

import com.zaxxer.hikari.HikariDataSource;
import io.marketflow.db.DatabaseProvisioner;
import io.marketflow.db.DatabaseRole;
import io.marketflow.db.RoleCredentials;
import io.marketflow.persistence.db.DatabaseProperties;
import io.marketflow.persistence.db.RoleDataSources;
import io.marketflow.query.tenancy.TenantReads;
import java.util.EnumSet;
import java.util.Map;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Two pools, two roles: the projector (primary: Axon's processors, tokens, dead letters and projection writes share
 * its transactions) and the reader, which only {@link TenantReads} uses.
 */
@Configuration(proxyBeanMethods = false)
class QueryDatabaseConfiguration {

    /** Provisioned once at start-up, with the admin connection, before either pool opens. */
    record QueryRoles(Map<DatabaseRole, RoleCredentials> credentials) {
    }

    @Bean
    QueryRoles queryRoles(DatabaseProperties properties) {
        return new QueryRoles(new DatabaseProvisioner(properties.admin())
                .provision(EnumSet.of(DatabaseRole.PROJECTOR, DatabaseRole.READER)));
    }

    @Bean
    @Primary
    HikariDataSource dataSource(QueryRoles roles, DatabaseProperties properties) {
        // No savepoint per statement unless a transaction asks for them: the projection runtime's careful
        // transactions do, so that a failing event rolls back alone and is parked while the batch commits; those
        // savepoints are released as soon as the statement succeeded.
        HikariDataSource projector = RoleDataSources.pool(roles.credentials().get(DatabaseRole.PROJECTOR),
                properties, Map.of("autosave", "never", "cleanupSavepoints", "true",
                        // a batch's inserts into one table go as multi-row statements, one executor run for many rows
                        "reWriteBatchedInserts", "true"));
        // each processor thread holds a connection while it applies a batch, and rebuilds and retries take more:
        // with fewer connections they queue on the pool, time out and fall into Axon's retry back-off
        projector.setMaximumPoolSize(Math.max(properties.poolSize(), properties.projectorPoolSize()));
        return projector;
    }

    @Bean
    HikariDataSource readerDataSource(QueryRoles roles, DatabaseProperties properties) {
        return RoleDataSources.pool(roles.credentials().get(DatabaseRole.READER), properties);
    }

    @Bean
    JdbcClient projectorJdbc(HikariDataSource dataSource) {
        return JdbcClient.create(dataSource);
    }

    @Bean
    TenantReads tenantReads(@Qualifier("readerDataSource") HikariDataSource readerDataSource) {
        return new TenantReads(readerDataSource);
    }
}
