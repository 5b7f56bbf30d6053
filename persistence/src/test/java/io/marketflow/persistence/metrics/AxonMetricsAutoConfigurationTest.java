package io.marketflow.persistence.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** What Prometheus scrapes of a timer registered as Axon's message monitors register theirs. */
class AxonMetricsAutoConfigurationTest {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    AxonMetricsAutoConfigurationTest() {
        registry.config().meterFilter(new AxonMetricsAutoConfiguration().axonMessageTimersAsHistograms());
    }

    /** As Axon's MessageTimerMonitor asks for it: six client-side percentiles. */
    private void recordAsAxonRegistersIt(String name) {
        Timer.builder(name).publishPercentiles(0.5, 0.75, 0.95, 0.98, 0.99, 0.999)
                .tag("payloadType", "DecideOnApplication").register(registry)
                .record(Duration.ofMillis(3));
    }

    @Test
    void axonsMessageTimersAreScrapedAsBucketsWithoutPerInstanceQuantiles() {
        for (String name : new String[] {"commandBus.successTimer", "commandBus.allTimer", "queryBus.failureTimer",
                "eventProcessor.ignoredTimer"}) {
            recordAsAxonRegistersIt(name);
        }
        String scrape = registry.scrape();

        assertThat(scrape).contains(
                "commandBus_successTimer_seconds_bucket{payloadType=\"DecideOnApplication\",le=\"0.003145726\"} 1",
                "commandBus_allTimer_seconds_bucket", "queryBus_failureTimer_seconds_bucket",
                "eventProcessor_ignoredTimer_seconds_bucket", "commandBus_successTimer_seconds_count");
        assertThat(scrape).doesNotContain("quantile=");
    }

    @Test
    void otherTimersAreLeftAsRegistered() {
        recordAsAxonRegistersIt("marketflow.something.timer");
        String scrape = registry.scrape();

        assertThat(scrape).contains(
                "marketflow_something_timer_seconds{payloadType=\"DecideOnApplication\",quantile=\"0.99\"}");
        assertThat(scrape).doesNotContain("marketflow_something_timer_seconds_bucket");
    }
}
