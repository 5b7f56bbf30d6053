package io.marketflow.persistence.eventstore;

import java.sql.SQLException;
import java.util.Set;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * Tells Axon when an append failed because another writer took the same (aggregate, sequence) first: PostgreSQL's
 * unique violation (SQLSTATE 23505) on the event or snapshot table's aggregate-and-sequence key, found anywhere in
 * the failure's causes, batch entries included. Axon then raises a {@code ConcurrencyException}, which the command
 * side retries. Axon's own JDBC resolver waits for a {@code SQLIntegrityConstraintViolationException}, which the
 * PostgreSQL driver never throws, so a lost race surfaced as a server error. Any other unique violation (a reused
 * event identifier) stays a plain failure.
 */
final class AggregateSequenceConflicts implements PersistenceExceptionResolver {

    private static final String UNIQUE_VIOLATION = "23505";
    private static final Set<String> SEQUENCE_KEYS =
            Set.of("domain_event_entry_aggregate_sequence", "snapshot_event_entry_pkey");

    @Override
    public boolean isDuplicateKeyViolation(Exception exception) {
        for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql) {
                for (SQLException entry = sql; entry != null; entry = entry.getNextException()) {
                    if (isSequenceKeyViolation(entry)) {
                        return true;
                    }
                }
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
    }

    private static boolean isSequenceKeyViolation(SQLException failure) {
        if (!UNIQUE_VIOLATION.equals(failure.getSQLState()) || !(failure instanceof PSQLException postgres)) {
            return false;
        }
        ServerErrorMessage detail = postgres.getServerErrorMessage();
        return detail != null && SEQUENCE_KEYS.contains(detail.getConstraint());
    }
}
