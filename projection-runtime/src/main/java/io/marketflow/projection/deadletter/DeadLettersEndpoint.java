package io.marketflow.projection.deadletter;

import io.marketflow.edge.web.Problems;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.http.HttpStatus;

/**
 * {@code GET /actuator/dead-letters} tells, per processing group, which events are parked and why;
 * {@code POST /actuator/dead-letters/{group}} retries every parked sequence of the group, or of every group with
 * {@code all}, once, and answers when done. Both need the {@code admin} role. The id has no dash (Spring Boot warns
 * about one); {@code management.endpoints.web.path-mapping} gives the path its dash.
 */
@Endpoint(id = "deadletters")
class DeadLettersEndpoint {

    private final ParkedEvents parked;

    DeadLettersEndpoint(ParkedEvents parked) {
        this.parked = parked;
    }

    @ReadOperation
    DeadLetterOverview overview() {
        return parked.overview();
    }

    @WriteOperation
    WebEndpointResponse<Object> retry(@Selector String group) {
        try {
            return new WebEndpointResponse<>(parked.retry(group), HttpStatus.OK.value());
        } catch (ParkedEvents.UnknownGroupException e) {
            return Problems.endpointResponse(HttpStatus.BAD_REQUEST, "unknown-processing-group", e.getMessage());
        }
    }
}
