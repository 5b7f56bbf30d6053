package io.marketflow.projection.deadletter;

import io.marketflow.projection.processing.ProjectionGroups;
import javax.sql.DataSource;
import org.axonframework.config.Configuration;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Parked events are read and retried as the projector, the role whose transactions park them. */
@org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
public class DeadLetterConfiguration {

    @Bean
    DeadLetterTable deadLetterTable(DataSource projector) {
        return new DeadLetterTable(JdbcClient.create(projector));
    }

    @Bean
    ParkedEvents parkedEvents(Configuration axon, ProjectionGroups groups, DeadLetterTable table) {
        return new ParkedEvents(axon, groups, table);
    }

    @Bean
    DeadLetterMeters deadLetterMeters(ProjectionGroups groups, DeadLetterTable table) {
        return new DeadLetterMeters(groups, table);
    }

    @Bean
    DeadLettersEndpoint deadLettersEndpoint(ParkedEvents parkedEvents) {
        return new DeadLettersEndpoint(parkedEvents);
    }
}
