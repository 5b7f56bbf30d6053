package io.marketflow.edge.web;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.web.servlet.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The servlet container's error page, reached only by an error dispatch (a direct request for it is refused like any
 * unknown path): what fails outside Spring MVC, such as a body the connector cannot read (malformed chunks), is
 * answered as a problem with the status the container chose, never with the page's own access rules (it answered
 * 403 before) and never with anything about an object.
 */
@Hidden
@RestController
public class ErrorPageController implements ErrorController {

    @RequestMapping("${server.error.path:${error.path:/error}}")
    public ResponseEntity<Object> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        HttpStatus status = code instanceof Integer value ? HttpStatus.resolve(value) : null;
        if (status == null || !status.isError() || status.is5xxServerError()) {
            return Problems.respond(HttpStatus.INTERNAL_SERVER_ERROR, "internal", Problems.INTERNAL_DETAIL);
        }
        if (status == HttpStatus.NOT_FOUND) {
            return Problems.respond(Problems.notFound());
        }
        if (status == HttpStatus.BAD_REQUEST) {
            return Problems.respond(status, "invalid-input", "The request could not be read.");
        }
        return Problems.respond(status, Problems.typeOf(status), status.getReasonPhrase() + ".");
    }
}
