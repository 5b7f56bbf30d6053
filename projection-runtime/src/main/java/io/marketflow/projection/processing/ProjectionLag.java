package io.marketflow.projection.processing;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Map;
import org.axonframework.config.Configuration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;

/**
 * {@code marketflow.projection.lag.events{group}}: how many events the store holds beyond the slowest segment this
 * instance processes for the group, read at each scrape. NaN while the instance holds none of the group's segments
 * (another instance does, or none yet): lag it does not see is not reported as none.
 */
final class ProjectionLag implements MeterBinder {

    private final Configuration axon;
    private final ProjectionGroups groups;

    ProjectionLag(Configuration axon, ProjectionGroups groups) {
        this.axon = axon;
        this.groups = groups;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        groups.gaugeEach(registry, "marketflow.projection.lag.events",
                "Events in the store beyond the group's slowest segment on this instance", this::lag);
    }

    private double lag(String group) {
        Map<Integer, EventTrackerStatus> segments = axon.eventProcessingConfiguration()
                .eventProcessorByProcessingGroup(group, StreamingEventProcessor.class)
                .map(StreamingEventProcessor::processingStatus).orElse(Map.of());
        if (segments.isEmpty()) {
            return Double.NaN;
        }
        TrackingToken newest = axon.eventStore().createHeadToken();
        long head = newest == null ? -1 : newest.position().orElse(-1);
        // a segment without a token has processed nothing yet
        long slowest = segments.values().stream()
                .mapToLong(segment -> segment.getCurrentPosition().orElse(-1)).min().orElse(-1);
        return Math.max(0, head - slowest);
    }
}
