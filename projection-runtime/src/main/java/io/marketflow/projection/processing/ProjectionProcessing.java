package io.marketflow.projection.processing;

import io.marketflow.projection.ProjectionWrites;
import java.time.Clock;
import javax.sql.DataSource;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.Configuration;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;


/**
 * How the read models are kept: every processing group (one per read model) is assigned to the one live processor
 * {@value #PROCESSOR}, so that each query-side instance reads the event stream once and hands every batch to each
 * group's own invoker, with its own dead-letter queue, in one transaction that stores one token per segment. Each
 * event's payload is opened in the transaction that writes it ({@link OpenedInItsTransaction}). Its transactions are
 * {@link ProjectionTransactions}, and the read models write through {@link BatchedWrites}. A projection never
 * swallows a failure: a failing event is retried or parked, never logged and skipped. The processor's kind, segments
 * and threads are the side's {@code axon.eventhandling.processors.projections} settings; each group's dead-letter
 * queue, its {@code axon.eventhandling.processors.<group>.dlq} settings.
 */
@org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
public class ProjectionProcessing {

    /** The live processor of every read model. */
    public static final String PROCESSOR = "projections";

    @Bean
    ProjectionGroups projectionGroups(ApplicationContext context) {
        return new ProjectionGroups(context);
    }

    @Bean
    ProjectionLag projectionLag(Configuration axon, ProjectionGroups groups) {
        return new ProjectionLag(axon, groups);
    }

    @Bean
    CarefulMode carefulMode() {
        return new CarefulMode(Clock.systemUTC());
    }

    /** How the read models write their tables. */
    @Bean
    ProjectionWrites projectionWrites(DataSource projectorPool, CarefulMode careful) {
        return new BatchedWrites(projectorPool, careful);
    }

    @Bean
    ConfigurerModule oneProcessorForEveryReadModel(DataSource projectorPool, CarefulMode careful) {
        return configurer -> configurer.eventProcessing()
                .assignProcessingGroup(group -> PROCESSOR)
                .registerTransactionManager(PROCESSOR, axon -> new ProjectionTransactions(
                        axon.getComponent(TransactionManager.class), projectorPool, careful))
                .registerHandlerInterceptor(PROCESSOR, axon -> new OpenedInItsTransaction(axon.eventSerializer()))
                // an event whose handling failed in a fast transaction: the retry of its batch is a careful one
                .registerHandlerInterceptor(PROCESSOR, axon -> (unitOfWork, chain) -> {
                    try {
                        return chain.proceed();
                    } catch (Exception failed) {
                        careful.failed();
                        throw failed;
                    }
                })
                .registerDefaultListenerInvocationErrorHandler(axon -> PropagatingErrorHandler.instance())
                .registerDefaultErrorHandler(axon -> PropagatingErrorHandler.instance());
    }
}
