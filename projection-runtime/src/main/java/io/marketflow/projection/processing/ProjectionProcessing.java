package io.marketflow.projection.processing;

import java.time.Clock;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
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
 * group's own invoker, with its own dead-letter queue, in one transaction that stores one token per segment. Its
 * transactions are {@link ProjectionTransactions}. A projection never swallows a failure: a failing event is retried
 * or parked, never logged and skipped. The processor's kind, segments and threads are the side's
 * {@code axon.eventhandling.processors.projections} settings; each group's dead-letter queue, its
 * {@code axon.eventhandling.processors.<group>.dlq} settings.
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
    ConfigurerModule oneProcessorForEveryReadModel(DataSource projectorPool) {
        AtomicReference<ProjectionTransactions> transactions = new AtomicReference<>();
        Function<Configuration, ProjectionTransactions> shared = axon -> transactions.updateAndGet(made -> made != null
                ? made : new ProjectionTransactions(axon.getComponent(TransactionManager.class), projectorPool,
                Clock.systemUTC()));
        return configurer -> configurer.eventProcessing()
                .assignProcessingGroup(group -> PROCESSOR)
                .registerTransactionManager(PROCESSOR, shared::apply)
                // an event whose handling failed in a fast transaction: the retry of its batch is a careful one
                .registerHandlerInterceptor(PROCESSOR, axon -> (unitOfWork, chain) -> {
                    try {
                        return chain.proceed();
                    } catch (Exception failed) {
                        shared.apply(axon).handlingFailed();
                        throw failed;
                    }
                })
                .registerDefaultListenerInvocationErrorHandler(axon -> PropagatingErrorHandler.instance())
                .registerDefaultErrorHandler(axon -> PropagatingErrorHandler.instance());
    }
}
