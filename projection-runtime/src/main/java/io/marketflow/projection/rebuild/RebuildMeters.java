package io.marketflow.projection.rebuild;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.function.ToDoubleFunction;

/**
 * The latest rebuild on this instance as meters: {@code marketflow.rebuild.running} (1 while one runs), and its
 * {@code marketflow.rebuild.events.done} of {@code marketflow.rebuild.events.expected}; zeros before any rebuild.
 */
final class RebuildMeters implements MeterBinder {

    private final ReadModelRebuilder rebuilder;

    RebuildMeters(ReadModelRebuilder rebuilder) {
        this.rebuilder = rebuilder;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        gauge(registry, "marketflow.rebuild.running", "1 while a rebuild of read models runs on this instance",
                status -> status.running() ? 1 : 0);
        gauge(registry, "marketflow.rebuild.events.done", "Events the latest rebuild has applied",
                RebuildStatus::eventsDone);
        gauge(registry, "marketflow.rebuild.events.expected", "Events the latest rebuild has to apply",
                RebuildStatus::eventsTotal);
    }

    private void gauge(MeterRegistry registry, String name, String description,
                       ToDoubleFunction<RebuildStatus> value) {
        Gauge.builder(name, () -> rebuilder.status().map(value::applyAsDouble).orElse(0.0))
                .description(description)
                .register(registry);
    }
}
