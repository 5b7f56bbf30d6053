package io.marketflow.command.web;

import io.marketflow.api.audit.AuditMetadata;
import io.marketflow.api.market.OrganizerId;
import io.marketflow.api.vendor.VendorId;
import io.marketflow.command.idempotency.IdempotencyKey;
import io.marketflow.command.idempotency.IdempotentRequest;
import io.marketflow.edge.caller.VerifiedTenant;
import io.marketflow.edge.web.CorrelationIdFilter;
import io.marketflow.persistence.personal.PersonalDataErasedException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.CommandResultMessage;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.callbacks.FutureCallback;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.MetaData;
import org.axonframework.modelling.command.AnnotationCommandTargetResolver;
import org.axonframework.modelling.command.CommandTargetResolver;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * How controllers send commands: synchronously, so that a refusal becomes the HTTP answer; with the instant the
 * request was accepted (aggregates read no clock); with who sent it and why as metadata, which every event it causes
 * keeps; at most once per {@code Idempotency-Key}; answering with {@code X-Event-Position}, the store position a
 * reader can wait for. Commands, their metadata and their results are plain data: the result becomes the HTTP answer
 * here, the same way when an {@code Idempotency-Key}'s earlier result is given again.
 */
@Component
public class CommandSender {

    /** Response header: the global position of the last event of the command's aggregate after the command. */
    public static final String EVENT_POSITION_HEADER = "X-Event-Position";
    /** Response header on an answer given again for a repeated {@code Idempotency-Key}. */
    public static final String REPLAYED_HEADER = "Idempotent-Replayed";

    // the request attribute naming the command a request sent, for what is counted of its outcome
    private static final String COMMAND_ATTRIBUTE = CommandSender.class.getName() + ".command";

    private final CommandGateway gateway;
    private final Clock clock;
    private final EventPositions positions;
    private final MeterRegistry meters;
    private final CommandTargetResolver targets = AnnotationCommandTargetResolver.builder().build();

    CommandSender(CommandGateway gateway, Clock clock, EventPositions positions, MeterRegistry meters) {
        this.gateway = gateway;
        this.clock = clock;
        this.positions = positions;
        this.meters = meters;
    }

    /** The simple name of the command {@code request} sent, or {@code none} if it sent none. */
    static String commandOf(HttpServletRequest request) {
        return request.getAttribute(COMMAND_ATTRIBUTE) instanceof String command ? command : "none";
    }

    /** Now, to the microsecond PostgreSQL keeps. */
    public Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    /**
     * Sends {@code command} on behalf of {@code caller}, waits for its result and answers with {@code answer} of it;
     * a refusal is thrown as the aggregate threw it. Under an {@code Idempotency-Key}, a request the key answered
     * before gets the earlier result instead, without being carried out again, marked {@value #REPLAYED_HEADER}.
     */
    public <R, T> ResponseEntity<T> send(VerifiedTenant caller, Object command, Function<R, ResponseEntity<T>> answer) {
        ServletRequestAttributes current = (ServletRequestAttributes) RequestContextHolder.currentRequestAttributes();
        HttpServletRequest request = current.getRequest();
        MetaData metaData = MetaData.with(AuditMetadata.ACTOR, caller.subject())
                .and(AuditMetadata.ACTOR_ROLE, caller.role().name().toLowerCase(Locale.ROOT))
                .and(AuditMetadata.CORRELATION_ID, CorrelationIdFilter.of(request));
        Optional<IdempotentRequest> keyed = IdempotentRequest.of(request);
        if (keyed.isPresent()) {
            metaData = metaData.mergedWith(keyed.get().keyOf(caller.subject()).asMetaData());
        }
        CommandMessage<?> message = GenericCommandMessage.asCommandMessage(command).withMetaData(metaData);
        request.setAttribute(COMMAND_ATTRIBUTE, command.getClass().getSimpleName());
        CommandResultMessage<? extends R> result = sendAndWait(message);
        HttpServletResponse response = current.getResponse();
        if (response != null) {
            // a command that appended nothing (a profile saved unchanged) answers with its aggregate's latest event
            Optional<Long> position = IdempotencyKey.isReplay(result) ? IdempotencyKey.replayedPosition(result)
                    : AppendedPosition.of(result)
                            .or(() -> positions.latestOf(targets.resolveTarget(message).getIdentifier()));
            position.ifPresent(at -> response.setHeader(EVENT_POSITION_HEADER, Long.toString(at)));
            if (IdempotencyKey.isReplay(result)) {
                response.setHeader(REPLAYED_HEADER, "true");
                Counter.builder("marketflow.idempotent.replays")
                        .description("Requests answered again with the result their Idempotency-Key remembered")
                        .tag("command", commandOf(request))
                        .register(meters)
                        .increment();
            }
        }
        return answer.apply(result.getPayload());
    }

    /** The organizer a caller verified in the organizer role is: their token's {@code sub}. */
    public static OrganizerId organizer(VerifiedTenant caller) {
        return new OrganizerId(caller.subject());
    }

    /** The vendor a caller verified in the vendor role is: their token's {@code sub}. */
    public static VendorId vendor(VerifiedTenant caller) {
        return new VendorId(caller.subject());
    }

    /** The answer to a command that has nothing to say but that it was done. */
    public static <R> Function<R, ResponseEntity<Void>> noContent() {
        return result -> ResponseEntity.noContent().build();
    }

    private <R> CommandResultMessage<? extends R> sendAndWait(CommandMessage<?> message) {
        FutureCallback<Object, R> callback = new FutureCallback<>();
        gateway.send(message, callback);
        CommandResultMessage<? extends R> result = callback.getResult();
        if (result.isExceptional()) {
            Throwable failure = result.exceptionResult();
            // the event store wraps what failed while it serialized the events: an erased vendor is a refusal
            for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
                if (cause instanceof PersonalDataErasedException erased) {
                    throw erased;
                }
            }
            throw failure instanceof RuntimeException runtime ? runtime
                    : new CommandExecutionException("the command failed: " + failure.getMessage(), failure);
        }
        return result;
    }
}
