package io.marketflow.edge.limits;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * {@code marketflow.limits.*}.
 *
 * @param maxBodySize      larger request bodies are refused with 413 before anything reads them
 * @param requestsPerSecond sustained requests one subject may make to one instance
 * @param burst            requests one subject may make at once before the sustained rate applies
 */
@ConfigurationProperties("marketflow.limits")
public record LimitProperties(@DefaultValue("64KB") DataSize maxBodySize,
                              @DefaultValue("100") int requestsPerSecond,
                              @DefaultValue("200") int burst) {
}
