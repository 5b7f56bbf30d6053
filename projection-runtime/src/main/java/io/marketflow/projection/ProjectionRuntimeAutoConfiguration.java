package io.marketflow.projection;

import io.marketflow.projection.consistency.ConsistencyConfiguration;
import io.marketflow.projection.deadletter.DeadLetterConfiguration;
import io.marketflow.projection.processing.ProjectionProcessing;
import io.marketflow.projection.rebuild.RebuildConfiguration;
import io.marketflow.projection.scaling.ScalingConfiguration;
import org.axonframework.springboot.autoconfig.AxonAutoConfiguration;
import org.axonframework.springboot.autoconfig.JdbcAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Import;

/**
 * Switches the runtime on in a side that has projections (Spring Boot finds it through
 * {@code META-INF/spring/...AutoConfiguration.imports}): the one live processor of every read model, rebuilds,
 * parked events, segments shared between instances (whose token store replaces Axon's own, hence before Axon's
 * configuration), and read-your-writes waits.
 */
@AutoConfiguration(before = {AxonAutoConfiguration.class, JdbcAutoConfiguration.class})
@Import({ProjectionProcessing.class, RebuildConfiguration.class, DeadLetterConfiguration.class,
        ScalingConfiguration.class, ConsistencyConfiguration.class})
public class ProjectionRuntimeAutoConfiguration {
}
