package io.marketflow.command.web;

import io.marketflow.command.idempotency.IdempotencyKeyReusedException;
import io.marketflow.command.refusal.InvalidCommandException;
import io.marketflow.command.refusal.NotFoundOrNotYoursException;
import io.marketflow.command.refusal.StateConflictException;
import io.marketflow.edge.web.Problem;
import io.marketflow.edge.web.Problems;
import io.marketflow.persistence.personal.PersonalDataErasedException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletRequest;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Maps refused commands to the contract's statuses; a missing and a foreign target give the same 404 body. Each
 * refusal is counted in {@code marketflow.commands.refused}, by the problem's type and the command refused.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class CommandExceptionHandler {

    private final MeterRegistry meters;

    CommandExceptionHandler(MeterRegistry meters) {
        this.meters = meters;
    }

    @ExceptionHandler({NotFoundOrNotYoursException.class, AggregateNotFoundException.class})
    ResponseEntity<Object> notFound(HttpServletRequest request) {
        return refused(request, Problems.notFound());
    }

    @ExceptionHandler(StateConflictException.class)
    ResponseEntity<Object> conflict(StateConflictException e, HttpServletRequest request) {
        return refused(request, Problems.of(HttpStatus.CONFLICT, "state-conflict", e.getMessage()));
    }

    @ExceptionHandler(ConcurrencyException.class)
    ResponseEntity<Object> concurrentChange(HttpServletRequest request) {
        return refused(request, Problems.of(HttpStatus.CONFLICT, "concurrent-change",
                "Someone changed the same object at the same moment; nothing was saved. Retry the request."));
    }

    /** A write that would store personal data of a vendor who was erased meanwhile: nothing was appended. */
    @ExceptionHandler(PersonalDataErasedException.class)
    ResponseEntity<Object> erased(HttpServletRequest request) {
        return refused(request, Problems.of(HttpStatus.CONFLICT, "vendor-erased",
                "The vendor's personal data was erased; nothing personal about them is stored again."));
    }

    @ExceptionHandler(IdempotencyKeyReusedException.class)
    ResponseEntity<Object> keyReused(IdempotencyKeyReusedException e, HttpServletRequest request) {
        return refused(request, Problems.of(HttpStatus.UNPROCESSABLE_ENTITY, "idempotency-key-reused",
                e.getMessage()));
    }

    @ExceptionHandler(InvalidCommandException.class)
    ResponseEntity<Object> invalid(InvalidCommandException e, HttpServletRequest request) {
        return refused(request, Problems.of(HttpStatus.BAD_REQUEST, "invalid-input", e.getMessage()));
    }

    private ResponseEntity<Object> refused(HttpServletRequest request, Problem problem) {
        Counter.builder("marketflow.commands.refused")
                .description("Commands refused, by the problem type answered and the command")
                .tag("reason", problem.slug())
                .tag("command", CommandSender.commandOf(request))
                .register(meters)
                .increment();
        return Problems.respond(problem);
    }
}
