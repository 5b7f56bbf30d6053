package io.marketflow.edge.web;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.Module;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationConfig;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.BeanSerializerModifier;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import java.lang.reflect.RecordComponent;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.error.ErrorMvcAutoConfiguration;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;

/**
 * The shared HTTP edge: error mapping (the container's error page included, before Spring Boot's, which gives way to
 * it), and typed ids written as their plain value in responses.
 */
@AutoConfiguration(before = ErrorMvcAutoConfiguration.class)
@Import({ApiExceptionHandler.class, ErrorPageController.class})
public class WebAutoConfiguration {

    private static final String MESSAGES_PACKAGE = "io.marketflow.api";

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

    /**
     * Every typed id of the messages ({@code record MarketId(UUID value)} and the like: a record of
     * {@code io.marketflow.api} with the one component {@code value}) is written as its plain value, by its
     * {@code toString()}, which each of them defines as that value.
     */
    @Bean
    public Module typedIdsAsPlainValues() {
        SimpleModule module = new SimpleModule("marketflow-typed-ids");
        module.setSerializerModifier(new BeanSerializerModifier() {
            @Override
            public JsonSerializer<?> modifySerializer(SerializationConfig config, BeanDescription description,
                                                      JsonSerializer<?> serializer) {
                return isTypedId(description.getBeanClass()) ? ToStringSerializer.instance : serializer;
            }
        });
        return module;
    }

    static boolean isTypedId(Class<?> type) {
        if (!type.isRecord() || !type.getPackageName().startsWith(MESSAGES_PACKAGE)) {
            return false;
        }
        RecordComponent[] components = type.getRecordComponents();
        return components.length == 1 && components[0].getName().equals("value");
    }
}
