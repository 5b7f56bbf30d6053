package io.marketflow.command.config;

import com.zaxxer.hikari.HikariDataSource;
import io.marketflow.db.DatabaseProvisioner;
import io.marketflow.db.DatabaseRole;
import io.marketflow.persistence.db.DatabaseProperties;
import io.marketflow.persistence.db.RoleDataSources;
import java.util.EnumSet;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Migrates with the admin connection once at start-up, then serves under the append-only command role. */
@Configuration(proxyBeanMethods = false)
class CommandDatabaseConfiguration {

    @Bean
    HikariDataSource dataSource(DatabaseProperties properties) {
        var credentials = new DatabaseProvisioner(properties.admin())
                .provision(EnumSet.of(DatabaseRole.COMMAND))
                .get(DatabaseRole.COMMAND);
        return RoleDataSources.pool(credentials, properties);
    }
}
