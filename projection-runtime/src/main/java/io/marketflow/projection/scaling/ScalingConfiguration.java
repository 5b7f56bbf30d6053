package io.marketflow.projection.scaling;

import java.time.Duration;
import javax.sql.DataSource;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.TokenSchema;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.TaskScheduler;

/**
 * The token store, claiming segments under this instance's id, and the balancer that shares them with the other
 * live instances. The balancer's timing must fit the claim timeout: an instance stops counting as alive
 * ({@code 3 x every}) before its claims expire.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ScalingProperties.class)
public class ScalingConfiguration {

    @Bean
    QuerySideInstance querySideInstance() {
        return QuerySideInstance.thisProcess();
    }

    @Bean
    TokenStore tokenStore(ConnectionProvider connectionProvider, Serializer serializer, TokenSchema tokenSchema,
                          QuerySideInstance instance,
                          @Value("${axon.eventhandling.tokenstore.claim-timeout:10s}") Duration claimTimeout) {
        return JdbcTokenStore.builder()
                .connectionProvider(connectionProvider)
                .schema(tokenSchema)
                .serializer(serializer)
                .claimTimeout(claimTimeout)
                .nodeId(instance.id())
                .build();
    }

    @Bean
    SegmentBalancer segmentBalancer(QuerySideInstance instance, DataSource projector, TaskScheduler scheduler,
                                    EventProcessingConfiguration processing, ScalingProperties properties,
                                    @Value("${axon.eventhandling.tokenstore.claim-timeout:10s}") Duration claimTimeout) {
        Duration every = properties.balanceEvery();
        Duration aliveFor = every.multipliedBy(3);
        if (aliveFor.compareTo(claimTimeout) >= 0) {
            throw new IllegalStateException("marketflow.processors.balance-every (" + every + ") must be under a third"
                    + " of the claim timeout (" + claimTimeout + "): a dead instance must stop counting as alive"
                    + " before its claims expire");
        }
        return new SegmentBalancer(instance, JdbcClient.create(projector), scheduler, processing, every, aliveFor,
                claimTimeout);
    }
}
