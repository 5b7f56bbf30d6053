package io.marketflow.projection.deadletter;

import java.util.List;

/** Every processing group with a dead-letter queue, with what it has parked: the answer of a GET. */
public record DeadLetterOverview(List<ParkedGroup> groups) {
}
