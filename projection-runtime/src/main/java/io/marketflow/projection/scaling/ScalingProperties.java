package io.marketflow.projection.scaling;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code marketflow.processors.*}.
 *
 * @param balanceEvery how often an instance says it is alive and hands segments beyond its share to the others; an
 *                     instance counts as alive for three times that
 */
@ConfigurationProperties("marketflow.processors")
public record ScalingProperties(@DefaultValue("2s") Duration balanceEvery) {
}
