package io.marketflow.projection.consistency;

import io.marketflow.edge.web.Problems;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** A read model that does not reach {@code X-Min-Position} in time is a 503 with {@code Retry-After}. */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class NotCaughtUpAnswer {

    @ExceptionHandler(NotCaughtUpException.class)
    ResponseEntity<Object> notCaughtUp(NotCaughtUpException e) {
        return Problems.unavailable("not-caught-up",
                "The read model has not reached X-Min-Position yet; retry shortly.");
    }
}
