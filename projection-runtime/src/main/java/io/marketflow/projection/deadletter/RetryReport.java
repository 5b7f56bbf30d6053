package io.marketflow.projection.deadletter;

import java.util.List;

/** What a retry did to each processing group it was asked for: the answer of a POST. */
public record RetryReport(List<GroupRetry> groups) {
}
