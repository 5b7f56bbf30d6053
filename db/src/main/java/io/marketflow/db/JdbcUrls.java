package io.marketflow.db;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Small facts about PostgreSQL JDBC URLs. */
public final class JdbcUrls {

    private JdbcUrls() {
    }

    /**
     * {@code url} without {@code user} and {@code password} parameters. PgJDBC lets credentials in the URL win over
     * the ones given with the connection, so a URL that names the admin would log every role pool in as the admin.
     */
    public static String withoutCredentials(String url) {
        int query = url.indexOf('?');
        if (query < 0) {
            return url;
        }
        String kept = Arrays.stream(url.substring(query + 1).split("&"))
                .filter(parameter -> !isCredential(parameter))
                .collect(Collectors.joining("&"));
        return kept.isEmpty() ? url.substring(0, query) : url.substring(0, query + 1) + kept;
    }

    private static boolean isCredential(String parameter) {
        String name = parameter.split("=", 2)[0].toLowerCase(Locale.ROOT);
        return name.equals("user") || name.equals("password");
    }
}
