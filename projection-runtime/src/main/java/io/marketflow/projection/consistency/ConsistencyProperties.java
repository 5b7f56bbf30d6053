package io.marketflow.projection.consistency;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code marketflow.consistency.*}.
 *
 * @param maxWait      how long a query with {@code X-Min-Position} waits for its read model before answering 503
 * @param pollInterval how often the processors' progress is read while waiting
 */
@ConfigurationProperties("marketflow.consistency")
public record ConsistencyProperties(@DefaultValue("5s") Duration maxWait, @DefaultValue("10ms") Duration pollInterval) {
}
