package io.marketflow.projection.consistency;

import javax.sql.DataSource;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Registers the {@code X-Min-Position} wait on every query route, reading the processors' tokens as the projector
 * (the side's primary pool), and answers a read model that does not catch up in time with a 503.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ConsistencyProperties.class)
@Import(NotCaughtUpAnswer.class)
public class ConsistencyConfiguration implements WebMvcConfigurer {

    private final MinPositionInterceptor interceptor;

    ConsistencyConfiguration(DataSource projector, Serializer serializer, ConsistencyProperties properties,
                             ObjectProvider<EventProcessingConfiguration> processing) {
        this.interceptor = new MinPositionInterceptor(new ProjectionProgress(JdbcClient.create(projector), serializer,
                group -> processing.getObject().eventProcessorByProcessingGroup(group)
                        .map(EventProcessor::getName).orElse(group)), properties);
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(interceptor).addPathPatterns("/api/**");
    }
}
