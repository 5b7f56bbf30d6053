package io.marketflow.query.paging;

import io.marketflow.api.paging.PageRequest;
import io.marketflow.edge.caller.VerifiedTenant;
import io.marketflow.edge.web.InvalidInputException;
import io.marketflow.query.jdbc.JdbcValues;
import io.marketflow.query.tenancy.TenantReads;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.springframework.jdbc.core.RowMapper;

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
     * request's cursor, as {@code tenant}, and returns one page with the next page's cursor.
     *
     * @param selectFrom "SELECT ... FROM table"
     * @param filter     a WHERE condition with named parameters, given in {@code params}
     */
    public static <T> Slice<T> fetch(TenantReads reads, VerifiedTenant tenant, String selectFrom, String filter,
                                    Map<String, ?> params, String timeColumn, String idColumn, PageRequest page,
                                    RowMapper<T> rows, Function<T, Keyset> keysetOf) {
        Map<String, Object> all = new HashMap<>(params);
        String sql = selectFrom + " WHERE " + filter + pageClause(timeColumn, idColumn, page, all);
        return slice(reads.list(tenant, sql, all, rows), page, keysetOf);
    }

    /**
     * What follows a WHERE condition to read one page newest first: the cursor's keyset condition, the order and
     * one more row than the page holds (which tells whether another page follows); its parameters go into
     * {@code params}.
     */
    public static String pageClause(String timeColumn, String idColumn, PageRequest page, Map<String, Object> params) {
        StringBuilder sql = new StringBuilder();
        if (page.cursor() != null) {
            Keyset after = Keyset.decode(page.cursor());
            sql.append(" AND (").append(timeColumn).append(", ").append(idColumn).append(") < (:afterAt, :afterId)");
            params.put("afterAt", JdbcValues.timestamp(after.at()));
            params.put("afterId", after.id());
        }
        sql.append(" ORDER BY ").append(timeColumn).append(" DESC, ").append(idColumn).append(" DESC LIMIT :limit");
        params.put("limit", page.limit() + 1);
        return sql.toString();
    }

    /** One page of {@code found}, read with {@link #pageClause}, with the next page's cursor if there is one. */
    public static <T> Slice<T> slice(List<T> found, PageRequest page, Function<T, Keyset> keysetOf) {
        if (found.size() <= page.limit()) {
            return new Slice<>(found, null);
        }
        List<T> items = found.subList(0, page.limit());
        return new Slice<>(items, keysetOf.apply(items.get(items.size() - 1)).encode());
    }
}
