package io.marketflow.command.idempotency;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.marketflow.command.config.CommandProperties;
import io.marketflow.platform.web.ProblemWriter;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.HeaderParameter;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.boot.autoconfigure.security.SecurityProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;

/**
 * Wires {@code Idempotency-Key}: the filter after the security chain (only authenticated callers' bodies are read),
 * the interceptor on the command bus, and the expiry of remembered answers.
 */
@Configuration(proxyBeanMethods = false)
class IdempotencyConfiguration {

    private static final Logger log = LoggerFactory.getLogger(IdempotencyConfiguration.class);
    private static final Duration EXPIRY_EVERY = Duration.ofMinutes(10);

    @Bean
    RememberedAnswers rememberedAnswers(DataSource dataSource) {
        return new RememberedAnswers(dataSource);
    }

    @Bean
    FilterRegistrationBean<IdempotencyKeyFilter> idempotencyKeyFilter(ProblemWriter problems) {
        var registration = new FilterRegistrationBean<>(new IdempotencyKeyFilter(problems));
        registration.addUrlPatterns("/api/*");
        registration.setOrder(SecurityProperties.DEFAULT_FILTER_ORDER + 1);
        return registration;
    }

    /** Axon registers every handler interceptor bean on the command bus, after its own correlation interceptor. */
    @Bean
    AnswerOnceInterceptor answerOnceInterceptor(RememberedAnswers answers, ObjectMapper objectMapper) {
        return new AnswerOnceInterceptor(answers, objectMapper);
    }

    /** Every command route lists the optional {@code Idempotency-Key} header in the OpenAPI description. */
    @Bean
    OperationCustomizer idempotencyKeyParameter() {
        return (operation, handler) -> {
            if (handler.hasMethodAnnotation(PostMapping.class) || handler.hasMethodAnnotation(PutMapping.class)
                    || handler.hasMethodAnnotation(PatchMapping.class)) {
                operation.addParametersItem(new HeaderParameter().name(IdempotentRequest.HEADER).required(false)
                        .description("Any 1 to " + IdempotencyKeyFilter.MAX_KEY_LENGTH + " printable ASCII"
                                + " characters: the command is carried out at most once per caller and key, and a"
                                + " repeat gets the first answer with Idempotent-Replayed: true.")
                        .schema(new StringSchema().minLength(1).maxLength(IdempotencyKeyFilter.MAX_KEY_LENGTH)));
            }
            return operation;
        };
    }

    /** Deletes answers older than the window every few minutes; each instance does, which is harmless. */
    @Bean(destroyMethod = "shutdownNow")
    ScheduledExecutorService idempotencyKeyExpiry(RememberedAnswers answers, CommandProperties properties) {
        Duration window = properties.idempotencyWindow();
        ScheduledExecutorService expiry = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "idempotency-key-expiry");
            thread.setDaemon(true);
            return thread;
        });
        expiry.scheduleWithFixedDelay(() -> {
            try {
                int forgotten = answers.forgetOlderThan(window);
                log.debug("forgot {} idempotency keys older than {}", forgotten, window);
            } catch (RuntimeException e) {
                log.warn("could not delete expired idempotency keys, trying again in {}: {}", EXPIRY_EVERY,
                        e.toString());
            }
        }, 1, EXPIRY_EVERY.toMinutes(), TimeUnit.MINUTES);
        return expiry;
    }
}
