package io.marketflow.command.web;

import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Where an aggregate's history ends in the global event order. Read after the command committed: the position of
 * its own last event, or of a later one on the same aggregate, either of which a reader may safely wait for.
 */
@Component
class EventPositions {

    private final JdbcClient jdbc;

    EventPositions(DataSource dataSource) {
        this.jdbc = JdbcClient.create(dataSource);
    }

    Optional<Long> latestOf(String aggregateIdentifier) {
        return jdbc.sql("""
                        SELECT global_index FROM domain_event_entry WHERE aggregate_identifier = ?
                        ORDER BY sequence_number DESC LIMIT 1""")
                .param(aggregateIdentifier)
                .query(Long.class)
                .optional();
    }
}
