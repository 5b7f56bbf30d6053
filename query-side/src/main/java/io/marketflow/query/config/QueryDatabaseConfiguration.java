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
        // A failed statement rolls back alone instead of aborting the whole batch's transaction, so the failing
        // event can be parked in the dead-letter queue and the batch's other events and token still commit.
        HikariDataSource projector = RoleDataSources.pool(roles.credentials().get(DatabaseRole.PROJECTOR),
                properties, Map.of("autosave", "always", "cleanupSavepoints", "true"));
        // each processor thread (five read models, four threads each) holds a connection while it applies a batch:
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
