package io.marketflow.query.consistency;

import org.axonframework.serialization.Serializer;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Registers the {@code X-Min-Position} wait on every query route. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ConsistencyProperties.class)
class ConsistencyConfiguration implements WebMvcConfigurer {

    private final MinPositionInterceptor interceptor;

    ConsistencyConfiguration(JdbcClient projectorJdbc, Serializer serializer, ConsistencyProperties properties) {
        this.interceptor = new MinPositionInterceptor(new ProjectionProgress(projectorJdbc, serializer), properties);
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(interceptor).addPathPatterns("/api/**");
    }
}
