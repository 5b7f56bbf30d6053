package io.marketflow.command.web;

import io.marketflow.api.audit.AuditMetadata;
import io.marketflow.command.idempotency.AnswerOnce;
import io.marketflow.command.idempotency.AnsweredBeforeException;
import io.marketflow.command.idempotency.IdempotentRequest;
import io.marketflow.platform.security.VerifiedCallerArgumentResolver;
import io.marketflow.platform.web.CorrelationIdFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.function.Function;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.MetaData;
import org.axonframework.modelling.command.AnnotationCommandTargetResolver;
import org.axonframework.modelling.command.CommandTargetResolver;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * How controllers send commands: synchronously, so that a refusal becomes the HTTP answer; with the instant the
 * request was accepted (aggregates read no clock); with who sent it and why as metadata, which every event it causes
 * keeps; answering with {@code X-Event-Position}, the store position a reader can wait for; and at most once per
 * {@code Idempotency-Key}.
 */
@Component
public class Commands {

    /** Response header: the global position of the last event of the command's aggregate after the command. */
    public static final String EVENT_POSITION_HEADER = "X-Event-Position";

    private final CommandGateway gateway;
    private final Clock clock;
    private final EventPositions positions;
    private final CommandTargetResolver targets = AnnotationCommandTargetResolver.builder().build();

    Commands(CommandGateway gateway, Clock clock, EventPositions positions) {
        this.gateway = gateway;
        this.clock = clock;
        this.positions = positions;
    }

    /** Now, to the microsecond PostgreSQL keeps. */
    public Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    /**
     * Sends {@code command} on behalf of the current request's verified caller, waits for its result and answers
     * with {@code answer} of it; a refusal is thrown as the aggregate threw it. Under an {@code Idempotency-Key} the
     * answer is remembered with the command's events, and a request the key already answered is answered again
     * ({@link AnsweredBeforeException}) without being carried out.
     */
    public <R, T> ResponseEntity<T> send(Object command, Function<R, ResponseEntity<T>> answer) {
        ServletRequestAttributes current = (ServletRequestAttributes) RequestContextHolder.currentRequestAttributes();
        HttpServletRequest request = current.getRequest();
        var caller = (JwtAuthenticationToken) SecurityContextHolder.getContext().getAuthentication();
        CommandMessage<?> message = GenericCommandMessage.asCommandMessage(command)
                .andMetaData(auditMetadata(caller, request));
        String aggregate = targets.resolveTarget(message).getIdentifier();
        Optional<IdempotentRequest> keyed = IdempotentRequest.of(request);
        if (keyed.isPresent()) {
            message = message.andMetaData(
                    AnswerOnce.metaData(caller.getToken().getSubject(), keyed.get(), aggregate, answer));
        }
        R result = gateway.sendAndWait(message);
        HttpServletResponse response = current.getResponse();
        if (response != null) {
            positions.latestOf(aggregate)
                    .ifPresent(position -> response.setHeader(EVENT_POSITION_HEADER, Long.toString(position)));
        }
        return answer.apply(result);
    }

    /** The answer to a command that has nothing to say but that it was done. */
    public static <R> Function<R, ResponseEntity<Void>> noContent() {
        return result -> ResponseEntity.noContent().build();
    }

    private static MetaData auditMetadata(JwtAuthenticationToken caller, HttpServletRequest request) {
        return MetaData.with(AuditMetadata.ACTOR, caller.getToken().getSubject())
                .and(AuditMetadata.ACTOR_ROLE,
                        String.valueOf(request.getAttribute(VerifiedCallerArgumentResolver.ACTING_ROLE_ATTRIBUTE)))
                .and(AuditMetadata.CORRELATION_ID, CorrelationIdFilter.of(request));
    }
}
