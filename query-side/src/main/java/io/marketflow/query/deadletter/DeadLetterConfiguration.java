package io.marketflow.query.deadletter;

import org.axonframework.config.Configuration;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Parked events are read and retried as the projector, the role whose transactions park them. */
@org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
class DeadLetterConfiguration {

    @Bean
    ParkedEvents parkedEvents(Configuration axon, JdbcClient projectorJdbc) {
        return new ParkedEvents(axon, new DeadLetterTable(projectorJdbc));
    }

    @Bean
    DeadLettersEndpoint deadLettersEndpoint(ParkedEvents parkedEvents) {
        return new DeadLettersEndpoint(parkedEvents);
    }
}
