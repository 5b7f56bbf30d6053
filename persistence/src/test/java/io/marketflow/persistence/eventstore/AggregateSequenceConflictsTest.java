package io.marketflow.persistence.eventstore;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.BatchUpdateException;
import java.sql.SQLException;
import org.axonframework.eventsourcing.eventstore.EventStoreException;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/** Only a unique violation of an aggregate-and-sequence key is a lost race, however the driver wraps it. */
class AggregateSequenceConflictsTest {

    private final AggregateSequenceConflicts resolver = new AggregateSequenceConflicts();

    @Test
    void aDuplicateSequenceInsideABatchUpdateIsALostRace() {
        BatchUpdateException batch = new BatchUpdateException("Batch entry 0 INSERT ... was aborted", "23505", 0,
                new int[0], null);
        batch.setNextException(violation("23505", "domain_event_entry_aggregate_sequence"));
        assertThat(resolver.isDuplicateKeyViolation(new EventStoreException("append failed", batch))).isTrue();
        assertThat(resolver.isDuplicateKeyViolation(violation("23505", "snapshot_event_entry_pkey"))).isTrue();
    }

    @Test
    void otherViolationsAndFailuresAreNot() {
        assertThat(resolver.isDuplicateKeyViolation(violation("23505", "domain_event_entry_event_identifier")))
                .isFalse();
        assertThat(resolver.isDuplicateKeyViolation(violation("23502", "domain_event_entry_aggregate_sequence")))
                .isFalse();
        assertThat(resolver.isDuplicateKeyViolation(new SQLException("I/O error", "08006"))).isFalse();
        assertThat(resolver.isDuplicateKeyViolation(new IllegalStateException("a bug"))).isFalse();
    }

    private static PSQLException violation(String state, String constraint) {
        return new PSQLException(new ServerErrorMessage("SERROR\0C" + state + "\0Mviolation\0n" + constraint + "\0"));
    }
}
