package io.marketflow.persistence.eventstore;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import org.axonframework.eventsourcing.eventstore.jdbc.statements.AppendEventsStatementBuilder;
import org.axonframework.eventsourcing.eventstore.jdbc.statements.JdbcEventStorageEngineStatements;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;

/**
 * Axon's own append of a unit of work's events, one batch as ever, which also asks PostgreSQL for the global index it
 * gives each row ({@code RETURNING}) and notes the highest in the unit of work: the position of the last event a
 * command appended, known without a second statement (the command side used to read it back after the commit).
 */
public final class AppendedPositions {

    private static final String RESOURCE = AppendedPositions.class.getName();

    private AppendedPositions() {
    }

    /** The statement builder to give Axon's JDBC engine. */
    static AppendEventsStatementBuilder noting() {
        return (connection, schema, dataType, events, serializer, timestamps) ->
                JdbcEventStorageEngineStatements.appendEvents(returning(connection, schema.globalIndexColumn()),
                        schema, dataType, events, serializer, timestamps);
    }

    /** The global position of the last event appended in {@code unitOfWork}, once its events are appended. */
    public static Optional<Long> lastIn(UnitOfWork<?> unitOfWork) {
        return Optional.ofNullable(unitOfWork.root().getResource(RESOURCE));
    }

    /** {@code connection}, whose plain {@code prepareStatement(sql)} asks for {@code column} of every row back. */
    private static Connection returning(Connection connection, String column) {
        return proxy(Connection.class, (proxy, method, arguments) -> {
            if (method.getName().equals("prepareStatement") && arguments != null && arguments.length == 1) {
                PreparedStatement statement = connection.prepareStatement((String) arguments[0],
                        new String[] {column});
                return proxy(PreparedStatement.class, notingAfterBatch(statement));
            }
            return call(method, connection, arguments);
        });
    }

    private static InvocationHandler notingAfterBatch(PreparedStatement statement) {
        return (proxy, method, arguments) -> {
            Object result = call(method, statement, arguments);
            if (method.getName().equals("executeBatch")) {
                note(statement);
            }
            return result;
        };
    }

    private static void note(PreparedStatement statement) throws SQLException {
        long last = -1;
        try (ResultSet keys = statement.getGeneratedKeys()) {
            while (keys.next()) {
                last = Math.max(last, keys.getLong(1));
            }
        }
        if (last >= 0 && CurrentUnitOfWork.isStarted()) {
            long appended = last;
            CurrentUnitOfWork.get().root().resources().merge(RESOURCE, appended,
                    (before, now) -> Math.max((Long) before, (Long) now));
        }
    }

    private static Object call(Method method, Object target, Object[] arguments) throws Throwable {
        try {
            return method.invoke(target, arguments);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static <T> T proxy(Class<T> type, InvocationHandler handler) {
        return type.cast(Proxy.newProxyInstance(AppendedPositions.class.getClassLoader(), new Class<?>[] {type},
                handler));
    }
}
