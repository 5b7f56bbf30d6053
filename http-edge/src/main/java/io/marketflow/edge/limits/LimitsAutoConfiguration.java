package io.marketflow.edge.limits;

import io.marketflow.edge.web.ProblemWriter;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;

/** Puts the body-size limit in front of everything, security included; {@code ApiSecurity} adds the rate limit. */
@AutoConfiguration
@EnableConfigurationProperties(LimitProperties.class)
public class LimitsAutoConfiguration {

    @Bean
    public FilterRegistrationBean<BodySizeLimitFilter> bodySizeLimitFilter(LimitProperties limits,
                                                                           ProblemWriter problems) {
        FilterRegistrationBean<BodySizeLimitFilter> registration = new FilterRegistrationBean<>(
                new BodySizeLimitFilter(limits.maxBodySize().toBytes(), problems));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }
}
