package io.marketflow.projection.consistency;

import javax.sql.DataSource;
import org.axonframework.serialization.Serializer;
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

    ConsistencyConfiguration(DataSource projector, Serializer serializer, ConsistencyProperties properties) {
        this.interceptor = new MinPositionInterceptor(
                new ProjectionProgress(JdbcClient.create(projector), serializer), properties);
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(interceptor).addPathPatterns("/api/**");
    }
}
