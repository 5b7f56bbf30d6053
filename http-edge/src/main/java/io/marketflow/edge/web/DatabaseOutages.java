package io.marketflow.edge.web;

import java.net.SocketException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * Tells a failure caused by the database being out of reach (down, restarting, refusing connections, or no pooled
 * connection free within the pool's timeout) from every other failure: the first is no fault of the request and is
 * answered 503 with {@code Retry-After}, the second is a bug and stays a 500.
 */
public final class DatabaseOutages {

    /**
     * What the pool says, without a SQLSTATE, when a connection it has already dropped after an I/O failure is used
     * again in the same transaction, typically for its rollback.
     */
    private static final String HIKARI_CLOSED_CONNECTION = "Connection is closed";

    private DatabaseOutages() {
    }

    /** Whether {@code failure}, or anything that caused it, says the database could not be reached. */
    public static boolean causedBy(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLTransientConnectionException
                    || cause instanceof SQLNonTransientConnectionException
                    || cause instanceof SocketException
                    || (cause instanceof DataAccessResourceFailureException && !hasSqlCause(cause))
                    || cause instanceof CannotCreateTransactionException
                    || (cause instanceof SQLException sql && (isConnectionState(sql.getSQLState())
                            || HIKARI_CLOSED_CONNECTION.equals(sql.getMessage())))) {
                return true;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
    }

    /**
     * Spring calls some failures the server reported resource failures (SQLSTATE classes 53 to 58, such as 54000,
     * a program limit exceeded): those are judged by their SQLSTATE, and are no outage unless it says so.
     */
    private static boolean hasSqlCause(Throwable failure) {
        for (Throwable cause = failure.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            if (cause instanceof SQLException) {
                return true;
            }
        }
        return false;
    }

    /**
     * SQLSTATE class 08 (connection exception), and the server shutting down or starting up: 57P01
     * ({@code admin_shutdown}), 57P02 ({@code crash_shutdown}), 57P03 ({@code cannot_connect_now}).
     */
    private static boolean isConnectionState(String state) {
        return state != null && (state.startsWith("08") || state.equals("57P01") || state.equals("57P02")
                || state.equals("57P03"));
    }
}
