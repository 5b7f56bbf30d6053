package io.marketflow.platform.web;

import com.fasterxml.jackson.databind.Module;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import io.marketflow.api.application.ApplicationId;
import io.marketflow.api.market.MarketId;
import io.marketflow.api.market.OrganizerId;
import io.marketflow.api.tenancy.TenantId;
import io.marketflow.api.vendor.VendorId;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.context.annotation.Import;

/** The shared HTTP edge: error mapping, and typed ids written as their plain value in responses. */
@AutoConfiguration
@Import(ApiExceptionHandler.class)
public class WebAutoConfiguration {

    @Bean
    public ProblemWriter problemWriter(ObjectMapper objectMapper) {
        return new ProblemWriter(objectMapper);
    }

    /** Right after the body-size limit, before security: even a refused request can be correlated. */
    @Bean
    public FilterRegistrationBean<CorrelationIdFilter> correlationIdFilter(ProblemWriter problems) {
        FilterRegistrationBean<CorrelationIdFilter> registration =
                new FilterRegistrationBean<>(new CorrelationIdFilter(problems));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
        return registration;
    }

    @Bean
    public Module typedIdsAsStrings() {
        SimpleModule module = new SimpleModule("marketflow-typed-ids");
        for (Class<?> id : new Class<?>[] {MarketId.class, ApplicationId.class, OrganizerId.class, VendorId.class,
                TenantId.class}) {
            module.addSerializer(id, ToStringSerializer.instance);
        }
        return module;
    }
}
