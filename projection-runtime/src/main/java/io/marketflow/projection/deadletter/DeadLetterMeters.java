package io.marketflow.projection.deadletter;

import io.marketflow.projection.processing.ProjectionGroups;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/** {@code marketflow.dead.letters{group}}: the sequences a group has parked, read from the queue's table at each scrape. */
final class DeadLetterMeters implements MeterBinder {

    private final ProjectionGroups groups;
    private final DeadLetterTable table;

    DeadLetterMeters(ProjectionGroups groups, DeadLetterTable table) {
        this.groups = groups;
        this.table = table;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        groups.gaugeEach(registry, "marketflow.dead.letters",
                "Sequences (markets) parked in the group's dead-letter queue", group -> table.totals(group).sequences());
    }
}
