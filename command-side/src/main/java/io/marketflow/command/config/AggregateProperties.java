package io.marketflow.command.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code marketflow.aggregates.*}.
 *
 * @param cacheSize     markets kept in memory per instance, and as many vendor profiles
 * @param snapshotEvery a market is snapshotted, in the background, after this many events
 */
@ConfigurationProperties("marketflow.aggregates")
public record AggregateProperties(@DefaultValue("10000") int cacheSize, @DefaultValue("500") int snapshotEvery) {
}
