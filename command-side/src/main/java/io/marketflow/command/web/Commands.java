package io.marketflow.command.web;

import io.marketflow.api.audit.AuditMetadata;
import io.marketflow.platform.security.VerifiedCallerArgumentResolver;
import io.marketflow.platform.web.CorrelationIdFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.MetaData;
import org.axonframework.modelling.command.AnnotationCommandTargetResolver;
import org.axonframework.modelling.command.CommandTargetResolver;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * How controllers send commands: synchronously, so that a refusal becomes the HTTP answer; with the instant the
 * request was accepted (aggregates read no clock); with who sent it and why as metadata, which every event it causes
 * keeps; and answering with {@code X-Event-Position}, the store position a reader can wait for.
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
     * Sends {@code command} on behalf of the current request's verified caller and waits for its result; a refusal
     * is thrown as the aggregate threw it.
     */
    public <R> R send(Object command) {
        ServletRequestAttributes current = (ServletRequestAttributes) RequestContextHolder.currentRequestAttributes();
        CommandMessage<?> message = GenericCommandMessage.asCommandMessage(command)
                .andMetaData(auditMetadata(current.getRequest()));
        R result = gateway.sendAndWait(message);
        HttpServletResponse response = current.getResponse();
        if (response != null) {
            positions.latestOf(targets.resolveTarget(message).getIdentifier())
                    .ifPresent(position -> response.setHeader(EVENT_POSITION_HEADER, Long.toString(position)));
        }
        return result;
    }

    private static MetaData auditMetadata(HttpServletRequest request) {
        var caller = (JwtAuthenticationToken) SecurityContextHolder.getContext().getAuthentication();
        return MetaData.with(AuditMetadata.ACTOR, caller.getToken().getSubject())
                .and(AuditMetadata.ACTOR_ROLE,
                        String.valueOf(request.getAttribute(VerifiedCallerArgumentResolver.ACTING_ROLE_ATTRIBUTE)))
                .and(AuditMetadata.CORRELATION_ID, CorrelationIdFilter.of(request));
    }
}
