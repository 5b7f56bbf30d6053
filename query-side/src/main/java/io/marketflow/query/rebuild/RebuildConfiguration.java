package io.marketflow.query.rebuild;

import com.zaxxer.hikari.HikariDataSource;
import io.marketflow.platform.db.DatabaseProperties;
import java.time.Clock;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** The rebuilder writes as the projector, through the projections' own client; only its DDL runs as the admin. */
@Configuration(proxyBeanMethods = false)
class RebuildConfiguration {

    @Bean
    ReadModelRebuilder readModelRebuilder(ReadModelGroups groups, EventStorageEngine events,
                                          JdbcClient projectorJdbc, HikariDataSource dataSource,
                                          DatabaseProperties database,
                                          @Value("${marketflow.rebuild.batch-size:1000}") int batchSize,
                                          @Value("${marketflow.rebuild.workers:4}") int workers) {
        return new ReadModelRebuilder(groups, events, projectorJdbc, dataSource,
                new TransactionTemplate(new JdbcTransactionManager(dataSource)), database.admin(), batchSize,
                workers, Clock.systemUTC());
    }

    @Bean
    RebuildEndpoint rebuildEndpoint(ReadModelRebuilder rebuilder) {
        return new RebuildEndpoint(rebuilder);
    }
}
