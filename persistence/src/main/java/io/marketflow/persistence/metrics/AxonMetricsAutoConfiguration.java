package io.marketflow.persistence.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import java.util.regex.Pattern;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Axon's message timers ({@code commandBus.successTimer}, {@code queryBus.allTimer}, {@code eventProcessor...}) as
 * Prometheus histograms, like {@code http.server.requests}: quantiles are computed by Prometheus from the buckets,
 * across instances, where Axon's own six client-side percentiles were per instance only and could not be summed.
 * One filter serves both sides, for every timer Axon registers per message, whatever its component's name.
 */
@AutoConfiguration
public class AxonMetricsAutoConfiguration {

    private static final Pattern MESSAGE_TIMER = Pattern.compile("\\w+\\.(all|success|failure|ignored)Timer");

    @Bean
    public MeterFilter axonMessageTimersAsHistograms() {
        return new MeterFilter() {
            @Override
            public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                if (id.getType() != Meter.Type.TIMER || !MESSAGE_TIMER.matcher(id.getName()).matches()) {
                    return config;
                }
                return DistributionStatisticConfig.builder()
                        .percentiles(new double[0])
                        .percentilesHistogram(true)
                        .build()
                        .merge(config);
            }
        };
    }
}
