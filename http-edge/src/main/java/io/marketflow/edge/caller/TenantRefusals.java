package io.marketflow.edge.caller;

import io.marketflow.edge.web.Problems;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Work refused for want of a verified tenant is a 403 that says nothing about any object. */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class TenantRefusals {

    private static final Logger log = LoggerFactory.getLogger(TenantRefusals.class);

    @ExceptionHandler(TenantRefusedException.class)
    ResponseEntity<Object> refused(TenantRefusedException e) {
        log.warn("Refused: {}", e.getMessage());
        return Problems.respond(HttpStatus.FORBIDDEN, "forbidden", Problems.FORBIDDEN_DETAIL);
    }
}
