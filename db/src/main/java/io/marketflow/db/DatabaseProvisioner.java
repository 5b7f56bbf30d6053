package io.marketflow.db;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Base64;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.flywaydb.core.Flyway;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings a database to the current schema and lets the given roles log in, with nothing but the admin connection.
 * Either side may run it first, and several instances may run it at once: Flyway serialises migrations with an
 * advisory lock, and role passwords are set under a lock of their own.
 *
 * <p>A role's password is derived from the admin credentials (HMAC-SHA256), so every instance computes the same
 * one without sharing a secret, and an instance starting never locks out one already running.
 */
public final class DatabaseProvisioner {

    private static final Logger log = LoggerFactory.getLogger(DatabaseProvisioner.class);
    private static final long ROLE_LOCK_KEY = 0x6d61726b6574L; // any constant shared by all instances

    private final AdminConnection admin;

    public DatabaseProvisioner(AdminConnection admin) {
        this.admin = admin;
    }

    /** Applies pending migrations, then enables login for {@code roles}; answers how to log in as each. */
    public Map<DatabaseRole, RoleCredentials> provision(Set<DatabaseRole> roles) {
        migrate();
        Map<DatabaseRole, RoleCredentials> credentials = new EnumMap<>(DatabaseRole.class);
        try (Connection connection = DriverManager.getConnection(admin.url(), admin.user(), admin.password())) {
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                statement.execute("SELECT pg_advisory_xact_lock(" + ROLE_LOCK_KEY + ")");
                for (DatabaseRole role : roles) {
                    String password = passwordOf(role);
                    statement.execute("ALTER ROLE " + role.roleName() + " LOGIN");
                    // sent as a SCRAM verifier, so the clear password never reaches the server or its logs
                    connection.unwrap(PGConnection.class)
                            .alterUserPassword(role.roleName(), password.toCharArray(), "scram-sha-256");
                    credentials.put(role, new RoleCredentials(JdbcUrls.withoutCredentials(admin.url()), role, password));
                }
            }
            connection.commit();
        } catch (SQLException e) {
            throw new IllegalStateException("could not provision database roles " + roles + " through " + admin, e);
        }
        log.info("Database roles {} ready on {}", roles, admin.url());
        return credentials;
    }

    /** Applies every pending migration under the admin role. */
    public void migrate() {
        Flyway.configure()
                .dataSource(admin.url(), admin.user(), admin.password())
                .locations("classpath:db/migration")
                .load()
                .migrate();
    }

    private String passwordOf(DatabaseRole role) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            byte[] key = ("marketflow-role:" + admin.user() + ":" + admin.password()).getBytes(StandardCharsets.UTF_8);
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] digest = mac.doFinal(role.roleName().getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
