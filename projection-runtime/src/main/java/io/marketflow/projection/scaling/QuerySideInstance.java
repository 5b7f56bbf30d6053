package io.marketflow.projection.scaling;

import java.lang.management.ManagementFactory;
import java.util.UUID;

/**
 * This process among the query-side instances: its id names it in {@code query_side_instance} and as the owner of
 * its segment claims in {@code token_entry}. The id adds a random part to the process name, so that a restarted
 * container with the same host name and process id is a new instance.
 */
public record QuerySideInstance(String id) {

    public static QuerySideInstance thisProcess() {
        return new QuerySideInstance(ManagementFactory.getRuntimeMXBean().getName() + "/"
                + UUID.randomUUID().toString().substring(0, 8));
    }
}
