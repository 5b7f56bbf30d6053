package io.marketflow.query.rebuild;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketflow.db.AdminConnection;
import io.marketflow.query.ReadModelDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A rebuild's copy of a read-model table is the live table's twin in everything that keeps tenants apart: columns,
 * keys and indexes, row-level security, policies and grants. Whatever a migration adds to a live table, the copy
 * that replaces it has too.
 */
class RebuildCopiesIntegrationTest {

    private static final String[] TABLES = {"market_application_market", "market_application", "market_counts",
            "vendor_application", "directory_market", "market_history_event"};

    /** One fact about a table per row, with nothing in it that names the table's schema. */
    private static final String FACTS = """
            SELECT 'column ' || a.attnum || ' ' || a.attname || ' ' || format_type(a.atttypid, a.atttypmod)
                   || CASE WHEN a.attnotnull THEN ' not null' ELSE '' END
                   || coalesce(' default ' || pg_get_expr(d.adbin, d.adrelid), '')
            FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
            WHERE a.attrelid = ?::regclass AND a.attnum > 0 AND NOT a.attisdropped
            UNION ALL
            SELECT 'index ' || replace(pg_get_indexdef(x.indexrelid), ?, '')
            FROM pg_index x WHERE x.indrelid = ?::regclass
            UNION ALL
            SELECT 'constraint ' || c.conname || ' ' || pg_get_constraintdef(c.oid)
            FROM pg_constraint c WHERE c.conrelid = ?::regclass
            UNION ALL
            SELECT 'security ' || relrowsecurity || ' forced ' || relforcerowsecurity
            FROM pg_class WHERE oid = ?::regclass
            UNION ALL
            SELECT 'policy ' || policyname || ' ' || permissive || ' ' || cmd || ' ' || roles::text
                   || ' using ' || coalesce(qual, '-') || ' check ' || coalesce(with_check, '-')
            FROM pg_policies WHERE schemaname = ? AND tablename = ?
            UNION ALL
            SELECT 'grant ' || a.privilege_type || ' to ' || a.grantee::regrole::text
            FROM pg_class c, aclexplode(c.relacl) a WHERE c.oid = ?::regclass AND a.grantee <> c.relowner
            ORDER BY 1""";

    @Test
    void everyCopyIsTheTwinOfItsLiveTable() throws SQLException {
        AdminConnection admin = ReadModelDatabase.get().admin();
        try (Connection connection = DriverManager.getConnection(admin.url(), admin.user(), admin.password())) {
            try {
                call(connection, "rebuild_prepare");
                call(connection, "rebuild_index");
                for (String table : TABLES) {
                    List<String> live = facts(connection, "public", table);
                    assertThat(live).as("facts of %s", table).isNotEmpty();
                    assertThat(facts(connection, "marketflow_rebuild", table)).as("the copy of %s", table)
                            .containsExactlyElementsOf(live);
                }
            } finally {
                try (Statement drop = connection.createStatement()) {
                    for (String table : TABLES) {
                        drop.execute("DROP TABLE IF EXISTS marketflow_rebuild." + table);
                    }
                }
            }
        }
    }

    private static void call(Connection connection, String function) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT " + function + "(?)")) {
            statement.setArray(1, connection.createArrayOf("text", TABLES));
            statement.execute();
        }
    }

    private static List<String> facts(Connection connection, String schema, String table) throws SQLException {
        String qualified = schema + "." + table;
        try (PreparedStatement statement = connection.prepareStatement(FACTS)) {
            statement.setString(1, qualified);
            statement.setString(2, " ON " + qualified);
            statement.setString(3, qualified);
            statement.setString(4, qualified);
            statement.setString(5, qualified);
            statement.setString(6, schema);
            statement.setString(7, table);
            statement.setString(8, qualified);
            List<String> facts = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    facts.add(rows.getString(1));
                }
            }
            return facts;
        }
    }
}
