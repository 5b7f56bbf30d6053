package io.marketflow.projection.rebuild;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code marketflow.rebuild.*}.
 *
 * @param batchSize events a replay transaction applies at most
 * @param segments  the replay's segments, each applied by a thread of its own in transactions of its own. Two by
 *                  default: Axon's pooled processor hands every event to every segment's buffer and sizes the
 *                  buffers by walking them, so on two cores more segments cost more than they overlap (100,000 events,
 *                  {@code java -jar bench/target/marketflow-bench-exec.jar --quick rebuild}: 1 segment 2,231 events/s,
 *                  2 segments 4,762, 4 segments 4,191)
 */
@ConfigurationProperties("marketflow.rebuild")
public record RebuildProperties(@DefaultValue("1000") int batchSize, @DefaultValue("2") int segments) {
}
