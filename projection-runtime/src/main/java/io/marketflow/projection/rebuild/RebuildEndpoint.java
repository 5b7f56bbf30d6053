package io.marketflow.projection.rebuild;

import io.marketflow.projection.processing.ProjectionGroups;
import io.marketflow.edge.web.Problems;
import java.util.List;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.http.HttpStatus;

/**
 * {@code POST /actuator/rebuild/{group}} starts rebuilding one processing group's read model, or every one with
 * {@code all}, and answers 202 at once; {@code GET /actuator/rebuild} tells how the running or last rebuild stands.
 * Both need the {@code admin} role.
 */
@Endpoint(id = "rebuild")
class RebuildEndpoint {

    private final ReadModelRebuilder rebuilder;

    RebuildEndpoint(ReadModelRebuilder rebuilder) {
        this.rebuilder = rebuilder;
    }

    @ReadOperation
    WebEndpointResponse<Object> status() {
        return rebuilder.status()
                .<WebEndpointResponse<Object>>map(status -> new WebEndpointResponse<>(status, 200))
                .orElseGet(() -> Problems.endpointResponse(HttpStatus.NOT_FOUND, "no-rebuild",
                        "No rebuild has run on this instance."));
    }

    @WriteOperation
    WebEndpointResponse<Object> start(@Selector String group) {
        try {
            return new WebEndpointResponse<>(rebuilder.start(List.of(group)), HttpStatus.ACCEPTED.value());
        } catch (ProjectionGroups.UnknownGroupException e) {
            return Problems.endpointResponse(HttpStatus.BAD_REQUEST, "unknown-processing-group", e.getMessage());
        } catch (ReadModelRebuilder.RebuildRunningException e) {
            return Problems.endpointResponse(HttpStatus.CONFLICT, "rebuild-running",
                    e.getMessage() + "; try again when it has ended.");
        }
    }
}
