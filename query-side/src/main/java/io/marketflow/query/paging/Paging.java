package io.marketflow.query.paging;

import io.marketflow.api.paging.PageRequest;
import io.marketflow.edge.web.InvalidInputException;
import io.marketflow.query.jdbc.JdbcValues;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Reads one newest-first page with keyset pagination. */
public final class Paging {

    private Paging() {
    }

    /** The page a request asks for; a limit outside 1..200 or a foreign cursor is bad input. */
    public static PageRequest request(Integer limit, String cursor) {
        int size = limit == null ? PageRequest.DEFAULT_LIMIT : limit;
        if (size < 1 || size > PageRequest.MAX_LIMIT) {
            throw new InvalidInputException("limit must be between 1 and " + PageRequest.MAX_LIMIT + ".");
        }
        if (cursor != null) {
            Keyset.decode(cursor);
        }
        return new PageRequest(size, cursor);
    }

    /**
     * Runs {@code select ... where <filter>} ordered by {@code (timeColumn, idColumn)} descending, after the
     * request's cursor, and returns one page with the next page's cursor.
     *
     * @param selectFrom "SELECT ... FROM table"
     * @param filter     a WHERE condition with named parameters, given in {@code params}
     */
    public static <T> Slice<T> fetch(JdbcClient jdbc, String selectFrom, String filter, Map<String, ?> params,
                                    String timeColumn, String idColumn, PageRequest page, RowMapper<T> rows,
                                    Function<T, Keyset> keysetOf) {
        StringBuilder sql = new StringBuilder(selectFrom).append(" WHERE ").append(filter);
        JdbcClient.StatementSpec statement;
        Keyset after = page.cursor() == null ? null : Keyset.decode(page.cursor());
        if (after != null) {
            sql.append(" AND (").append(timeColumn).append(", ").append(idColumn).append(") < (:afterAt, :afterId)");
        }
        sql.append(" ORDER BY ").append(timeColumn).append(" DESC, ").append(idColumn).append(" DESC LIMIT :limit");
        statement = jdbc.sql(sql.toString()).params(params).param("limit", page.limit() + 1);
        if (after != null) {
            statement = statement.param("afterAt", JdbcValues.timestamp(after.at())).param("afterId", after.id());
        }
        List<T> found = statement.query(rows).list();
        if (found.size() <= page.limit()) {
            return new Slice<>(found, null);
        }
        List<T> items = found.subList(0, page.limit());
        return new Slice<>(items, keysetOf.apply(items.get(items.size() - 1)).encode());
    }
}
