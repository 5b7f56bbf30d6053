package io.marketflow.command.idempotency;

import io.marketflow.command.config.CommandProperties;
import io.marketflow.edge.web.ProblemWriter;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.HeaderParameter;
import java.time.Duration;
import javax.sql.DataSource;
import org.axonframework.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.security.SecurityProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;

/**
 * Wires {@code Idempotency-Key}: the filter after the security chain (only authenticated callers' bodies are read),
 * the interceptor on the command bus, and the expiry of remembered results.
 */
@Configuration(proxyBeanMethods = false)
class IdempotencyConfiguration {

    private static final Logger log = LoggerFactory.getLogger(IdempotencyConfiguration.class);

    private final RememberedResults results;
    private final Duration window;

    IdempotencyConfiguration(DataSource dataSource, CommandProperties properties) {
        this.results = new RememberedResults(dataSource);
        this.window = properties.idempotencyWindow();
    }

    @Bean
    FilterRegistrationBean<IdempotencyKeyFilter> idempotencyKeyFilter(ProblemWriter problems) {
        var registration = new FilterRegistrationBean<>(new IdempotencyKeyFilter(problems));
        registration.addUrlPatterns("/api/*");
        registration.setOrder(SecurityProperties.DEFAULT_FILTER_ORDER + 1);
        return registration;
    }

    /**
     * Axon registers every handler interceptor bean on the command bus, after its own correlation interceptor. A
     * result is kept in the messages' stored format, which no web setting changes. Its lock is the first a command
     * takes: inside the appended position's interceptor, before the vendor's key.
     */
    @Bean
    @Order(2)
    IdempotencyInterceptor idempotencyInterceptor(@Qualifier("messageSerializer") Serializer serializer) {
        return new IdempotencyInterceptor(results, serializer);
    }

    /** For an erasure, which forgets everything remembered for the erased caller. */
    @Bean
    CallerResults callerResults() {
        return results::forgetAllOf;
    }

    /** Every command route lists the optional {@code Idempotency-Key} header in the OpenAPI description. */
    @Bean
    OperationCustomizer idempotencyKeyParameter() {
        return (operation, handler) -> {
            if (handler.hasMethodAnnotation(PostMapping.class) || handler.hasMethodAnnotation(PutMapping.class)
                    || handler.hasMethodAnnotation(PatchMapping.class)
                    || handler.hasMethodAnnotation(DeleteMapping.class)) {
                operation.addParametersItem(new HeaderParameter().name(IdempotentRequest.HEADER).required(false)
                        .description("Any 1 to " + IdempotencyKeyFilter.MAX_KEY_LENGTH + " printable ASCII"
                                + " characters: the command is carried out at most once per caller and key, and a"
                                + " repeat gets the first answer with Idempotent-Replayed: true.")
                        .schema(new StringSchema().minLength(1).maxLength(IdempotencyKeyFilter.MAX_KEY_LENGTH)));
            }
            return operation;
        };
    }

    /** Deletes results older than the window every ten minutes; each instance does, which is harmless. */
    @Scheduled(initialDelayString = "PT1M", fixedDelayString = "PT10M")
    void forgetExpiredKeys() {
        try {
            int forgotten = results.forgetOlderThan(window);
            log.debug("forgot {} idempotency keys older than {}", forgotten, window);
        } catch (RuntimeException e) {
            log.warn("could not delete expired idempotency keys, trying again in ten minutes: {}", e.toString());
        }
    }
}
