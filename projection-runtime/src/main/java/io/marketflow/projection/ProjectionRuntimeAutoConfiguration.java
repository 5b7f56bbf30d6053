package io.marketflow.projection;

import io.marketflow.projection.consistency.ConsistencyConfiguration;
import io.marketflow.projection.deadletter.DeadLetterConfiguration;
import io.marketflow.projection.rebuild.RebuildConfiguration;
import io.marketflow.projection.scaling.ScalingConfiguration;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.springboot.autoconfig.AxonAutoConfiguration;
import org.axonframework.springboot.autoconfig.JdbcAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * Switches the runtime on in a side that has projections (Spring Boot finds it through
 * {@code META-INF/spring/...AutoConfiguration.imports}): rebuilds, parked events, segments shared between instances
 * (whose token store replaces Axon's own, hence before Axon's configuration), read-your-writes waits, and the rule
 * that a projection never swallows a failure: a failing event is retried or parked, never logged and skipped.
 */
@AutoConfiguration(before = {AxonAutoConfiguration.class, JdbcAutoConfiguration.class})
@Import({RebuildConfiguration.class, DeadLetterConfiguration.class, ScalingConfiguration.class,
        ConsistencyConfiguration.class})
public class ProjectionRuntimeAutoConfiguration {

    @Bean
    ConfigurerModule projectionsNeverSkipEvents() {
        return configurer -> configurer.eventProcessing()
                .registerDefaultListenerInvocationErrorHandler(c -> PropagatingErrorHandler.instance())
                .registerDefaultErrorHandler(c -> PropagatingErrorHandler.instance());
    }
}
