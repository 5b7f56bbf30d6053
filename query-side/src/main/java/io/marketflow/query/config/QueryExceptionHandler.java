package io.marketflow.query.config;

import io.marketflow.platform.web.Problems;
import io.marketflow.query.consistency.NotCaughtUpException;
import io.marketflow.query.tenancy.TenantRefusedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * A query refused for want of a verified tenant is a 403 that says nothing about any object; a read model that does
 * not reach {@code X-Min-Position} in time is a 503 with {@code Retry-After}.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class QueryExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(QueryExceptionHandler.class);

    @ExceptionHandler(NotCaughtUpException.class)
    ResponseEntity<Object> notCaughtUp(NotCaughtUpException e) {
        return Problems.unavailable("not-caught-up",
                "The read model has not reached X-Min-Position yet; retry shortly.");
    }

    @ExceptionHandler(TenantRefusedException.class)
    ResponseEntity<Object> tenantRefused(TenantRefusedException e) {
        log.warn("Query refused: {}", e.getMessage());
        return Problems.respond(HttpStatus.FORBIDDEN, "forbidden", Problems.FORBIDDEN_DETAIL);
    }
}
