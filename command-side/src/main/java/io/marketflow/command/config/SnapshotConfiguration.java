package io.marketflow.command.config;

import java.util.concurrent.Executor;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.Configuration;
import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.Snapshotter;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.annotation.HandlerDefinition;
import org.axonframework.messaging.annotation.ParameterResolverFactory;
import org.axonframework.spring.eventsourcing.SpringAggregateSnapshotter;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;

/**
 * Snapshots of markets, so that a market with a long history loads from its latest snapshot and the events after it.
 * A snapshot is taken after every {@code marketflow.aggregates.snapshot-every} events a loaded market has applied,
 * on Spring Boot's task executor once the command's transaction has committed: the command that crossed the threshold
 * does not wait for it.
 */
@org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
class SnapshotConfiguration {

    @Bean
    Snapshotter snapshotter(Configuration configuration, HandlerDefinition handlerDefinition,
                            ParameterResolverFactory parameterResolverFactory, EventStore eventStore,
                            TransactionManager transactionManager,
                            @Qualifier("applicationTaskExecutor") Executor background) {
        return SpringAggregateSnapshotter.builder()
                .repositoryProvider(configuration::repository)
                .transactionManager(transactionManager)
                .eventStore(eventStore)
                .parameterResolverFactory(parameterResolverFactory)
                .handlerDefinition(handlerDefinition)
                .executor(background)
                .build();
    }

    @Bean
    SnapshotTriggerDefinition marketSnapshots(Snapshotter snapshotter, AggregateProperties properties) {
        return new EventCountSnapshotTriggerDefinition(snapshotter, properties.snapshotEvery());
    }
}
