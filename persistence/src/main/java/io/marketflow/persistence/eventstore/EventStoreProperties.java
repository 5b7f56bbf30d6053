package io.marketflow.persistence.eventstore;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code marketflow.events.*}.
 *
 * @param fetchDelay   how long a caught-up event stream waits before polling the store again (Axon waits 1 s)
 * @param gapTimeout   how long a gap in the global index is awaited; must exceed the longest writing transaction
 * @param maxGapOffset how many positions behind the newest event a gap is still awaited; must exceed the events
 *                     appended during the longest writing transaction (Axon's 10,000 is 17 s at 600 events/s,
 *                     shorter than the 20 s a transaction may stay open)
 */
@ConfigurationProperties("marketflow.events")
public record EventStoreProperties(@DefaultValue("10ms") Duration fetchDelay,
                                   @DefaultValue("60s") Duration gapTimeout,
                                   @DefaultValue("1000000") int maxGapOffset) {
}
