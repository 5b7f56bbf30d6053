package io.marketflow.projection.rebuild;

import io.marketflow.projection.processing.ProjectionGroups;
import io.marketflow.persistence.db.DatabaseProperties;
import java.time.Clock;
import javax.sql.DataSource;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.Configuration;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.task.TaskExecutor;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The rebuilder replays as the projector, in the live processors' transactions pointed at the twins; only its DDL
 * runs as the admin. The rebuild itself runs on Spring Boot's task executor.
 */
@org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RebuildProperties.class)
public class RebuildConfiguration {

    @Bean
    ReadModelRebuilder readModelRebuilder(ProjectionGroups groups, Configuration axon, EventStore eventStore,
                                          TransactionManager axonTransactionManager, DataSource dataSource,
                                          DatabaseProperties database, RebuildProperties properties,
                                          @Qualifier("applicationTaskExecutor") TaskExecutor background) {
        JdbcClient projector = JdbcClient.create(dataSource);
        TwinTableTransactions twins = new TwinTableTransactions(axonTransactionManager, dataSource);
        return new ReadModelRebuilder(groups,
                chosen -> ReplayProcessor.of(chosen, axon, eventStore, twins, properties.segments(),
                        properties.batchSize()),
                projector, database.admin(), background, Clock.systemUTC());
    }

    @Bean
    RebuildEndpoint rebuildEndpoint(ReadModelRebuilder rebuilder) {
        return new RebuildEndpoint(rebuilder);
    }

    @Bean
    RebuildMeters rebuildMeters(ReadModelRebuilder rebuilder) {
        return new RebuildMeters(rebuilder);
    }
}
