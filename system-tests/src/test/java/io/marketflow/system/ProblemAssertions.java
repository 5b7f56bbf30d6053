package io.marketflow.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.marketflow.system.Api.Reply;

/** What every error answer of the contract looks like: RFC 9457 problem+json with type, title, status, detail. */
final class ProblemAssertions {

    private ProblemAssertions() {
    }

    /** {@code reply} has {@code status} and a problem+json body that says the same status. */
    static JsonNode assertProblem(Reply reply, int status) {
        assertThat(reply.status()).as("status of %s", reply).isEqualTo(status);
        assertThat(reply.header("Content-Type")).as("Content-Type of %s", reply)
                .isNotNull()
                .startsWith("application/problem+json");
        JsonNode problem = reply.json();
        assertThat(problem.isObject()).as("problem body of %s", reply).isTrue();
        for (String member : new String[] {"type", "title", "detail"}) {
            assertThat(problem.path(member).isTextual() && !problem.path(member).asText().isBlank())
                    .as("problem member '%s' of %s", member, reply).isTrue();
        }
        assertThat(problem.path("type").asText()).as("problem type of %s", reply).startsWith("urn:marketflow:problem:");
        assertThat(problem.has("instance")).as("no answer echoes the request: %s", reply).isFalse();
        assertThat(problem.path("status").isInt()).as("problem member 'status' of %s", reply).isTrue();
        assertThat(problem.path("status").asInt()).as("problem member 'status' of %s", reply).isEqualTo(status);
        return problem;
    }
}
