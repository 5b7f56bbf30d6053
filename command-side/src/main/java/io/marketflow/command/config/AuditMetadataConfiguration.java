package io.marketflow.command.config;

import io.marketflow.api.audit.AuditMetadata;
import java.util.Map;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Every event keeps who caused it, in which role, for which request, and the id of the command behind it. */
@Configuration(proxyBeanMethods = false)
class AuditMetadataConfiguration {

    @Bean
    CorrelationDataProvider actorAndRequest() {
        return new SimpleCorrelationDataProvider(AuditMetadata.ACTOR, AuditMetadata.ACTOR_ROLE,
                AuditMetadata.CORRELATION_ID);
    }

    @Bean
    CorrelationDataProvider causation() {
        return message -> Map.of(AuditMetadata.CAUSATION_ID, message.getIdentifier());
    }
}
