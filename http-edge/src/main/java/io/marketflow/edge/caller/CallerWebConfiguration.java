package io.marketflow.edge.caller;

import java.util.List;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Lets every controller take the request's caller as an {@code @ActingAs(...) VerifiedTenant} parameter, and answers
 * a refused tenant with 403.
 */
@AutoConfiguration
@Import(TenantRefusals.class)
public class CallerWebConfiguration implements WebMvcConfigurer {

    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(new VerifiedTenantArgumentResolver());
    }
}
