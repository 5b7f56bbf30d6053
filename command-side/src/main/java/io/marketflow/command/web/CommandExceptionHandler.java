package io.marketflow.command.web;

import io.marketflow.command.idempotency.IdempotencyKeyReusedException;
import io.marketflow.command.refusal.InvalidCommandException;
import io.marketflow.command.refusal.NotFoundOrNotYoursException;
import io.marketflow.command.refusal.StateConflictException;
import io.marketflow.edge.web.Problems;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Maps refused commands to the contract's statuses; a missing and a foreign target give the same 404 body. */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class CommandExceptionHandler {

    @ExceptionHandler({NotFoundOrNotYoursException.class, AggregateNotFoundException.class})
    ResponseEntity<Object> notFound() {
        return Problems.respond(Problems.notFound());
    }

    @ExceptionHandler(StateConflictException.class)
    ResponseEntity<Object> conflict(StateConflictException e) {
        return Problems.respond(HttpStatus.CONFLICT, "state-conflict", e.getMessage());
    }

    @ExceptionHandler(ConcurrencyException.class)
    ResponseEntity<Object> concurrentChange() {
        return Problems.respond(HttpStatus.CONFLICT, "concurrent-change",
                "Someone changed the same object at the same moment; nothing was saved. Retry the request.");
    }

    @ExceptionHandler(IdempotencyKeyReusedException.class)
    ResponseEntity<Object> keyReused(IdempotencyKeyReusedException e) {
        return Problems.respond(HttpStatus.UNPROCESSABLE_ENTITY, "idempotency-key-reused", e.getMessage());
    }

    @ExceptionHandler(InvalidCommandException.class)
    ResponseEntity<Object> invalid(InvalidCommandException e) {
        return Problems.respond(HttpStatus.BAD_REQUEST, "invalid-input", e.getMessage());
    }
}
