package io.marketflow.query.rebuild;

import io.marketflow.platform.web.Problems;
import java.util.List;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.http.HttpStatus;
import org.springframework.util.MimeType;

/**
 * {@code POST /actuator/rebuild/{group}} starts rebuilding one processing group's read model, or every one with
 * {@code all}, and answers 202 at once; {@code GET /actuator/rebuild} tells how the running or last rebuild stands.
 * Both need the {@code admin} role.
 */
@Endpoint(id = "rebuild")
class RebuildEndpoint {

    private static final MimeType PROBLEM_JSON = MimeType.valueOf("application/problem+json");

    private final ReadModelRebuilder rebuilder;

    RebuildEndpoint(ReadModelRebuilder rebuilder) {
        this.rebuilder = rebuilder;
    }

    @ReadOperation
    WebEndpointResponse<Object> status() {
        return rebuilder.status()
                .<WebEndpointResponse<Object>>map(status -> new WebEndpointResponse<>(status, 200))
                .orElseGet(() -> problem(HttpStatus.NOT_FOUND, "no-rebuild", "No rebuild has run on this instance."));
    }

    @WriteOperation
    WebEndpointResponse<Object> start(@Selector String group) {
        try {
            return new WebEndpointResponse<>(rebuilder.start(List.of(group)), HttpStatus.ACCEPTED.value());
        } catch (ReadModelGroups.UnknownGroupException e) {
            return problem(HttpStatus.BAD_REQUEST, "unknown-processing-group", e.getMessage());
        } catch (ReadModelRebuilder.RebuildRunningException e) {
            return problem(HttpStatus.CONFLICT, "rebuild-running", e.getMessage() + "; try again when it has ended.");
        }
    }

    private static WebEndpointResponse<Object> problem(HttpStatus status, String type, String detail) {
        return new WebEndpointResponse<>(Problems.of(status, type, detail), status.value(), PROBLEM_JSON);
    }
}
