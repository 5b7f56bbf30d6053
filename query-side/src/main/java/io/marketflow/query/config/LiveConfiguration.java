package io.marketflow.query.config;

import io.marketflow.db.DatabaseRole;
import io.marketflow.db.RoleCredentials;
import io.marketflow.query.config.QueryDatabaseConfiguration.QueryRoles;
import io.marketflow.query.live.ApplicationChangeListener;
import io.marketflow.query.live.LiveFeeds;
import java.sql.DriverManager;
import java.time.Clock;
import org.axonframework.queryhandling.QueryUpdateEmitter;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.TaskExecutor;

/** Live feeds: change notices heard on a connection of their own, as the reader role, which they never read with. */
@Configuration(proxyBeanMethods = false)
class LiveConfiguration {

    @Bean
    ApplicationChangeListener applicationChangeListener(QueryRoles roles, QueryUpdateEmitter updates,
                                                        @Qualifier("applicationTaskExecutor") TaskExecutor executor) {
        RoleCredentials reader = roles.credentials().get(DatabaseRole.READER);
        return new ApplicationChangeListener(
                () -> DriverManager.getConnection(reader.url(), reader.user(), reader.password()), updates, executor);
    }

    @Bean
    LiveFeeds liveFeeds() {
        return new LiveFeeds(Clock.systemUTC());
    }
}
