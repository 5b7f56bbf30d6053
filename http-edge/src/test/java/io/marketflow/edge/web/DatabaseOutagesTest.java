package io.marketflow.edge.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;

/** An unreachable database is told apart however deeply it is wrapped; a bug or a constraint is not an outage. */
class DatabaseOutagesTest {

    @Test
    void anUnreachableDatabaseIsAnOutageAtAnyDepth() {
        assertThat(DatabaseOutages.causedBy(new CannotGetJdbcConnectionException("no connection",
                new SQLTransientConnectionException("pool timed out")))).isTrue();
        assertThat(DatabaseOutages.causedBy(new IllegalStateException("axon",
                new CannotCreateTransactionException("begin failed")))).isTrue();
        assertThat(DatabaseOutages.causedBy(new RuntimeException(new RuntimeException(
                new ConnectException("Connection refused"))))).isTrue();
        assertThat(DatabaseOutages.causedBy(new RuntimeException(new SQLException("terminating connection due to"
                + " administrator command", "57P01")))).isTrue();
        assertThat(DatabaseOutages.causedBy(new SQLException("I/O error", "08006"))).isTrue();
        assertThat(DatabaseOutages.causedBy(new IllegalStateException("rollback failed",
                new SQLException("Connection is closed")))).isTrue();
        assertThat(DatabaseOutages.causedBy(new RuntimeException(new java.net.SocketException("Broken pipe"))))
                .isTrue();
    }

    @Test
    void otherFailuresAreNot() {
        assertThat(DatabaseOutages.causedBy(new IllegalStateException("a bug"))).isFalse();
        assertThat(DatabaseOutages.causedBy(new DataIntegrityViolationException("duplicate key",
                new SQLException("duplicate key value", "23505")))).isFalse();
        assertThat(DatabaseOutages.causedBy(new SQLException("canceling statement due to statement timeout",
                "57014"))).isFalse();
        // Spring files SQLSTATE class 54 under resource failures; the server answered, so it is no outage
        assertThat(DatabaseOutages.causedBy(new DataAccessResourceFailureException("statement failed",
                new SQLException("null character not permitted", "54000")))).isFalse();
    }

    @Test
    void aResourceFailureWithoutAnAnswerFromTheServerIsAnOutage() {
        assertThat(DatabaseOutages.causedBy(new DataAccessResourceFailureException("no connection"))).isTrue();
        assertThat(DatabaseOutages.causedBy(new DataAccessResourceFailureException("statement failed",
                new SQLException("terminating connection due to administrator command", "57P01")))).isTrue();
    }
}
