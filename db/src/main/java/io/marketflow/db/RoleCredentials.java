package io.marketflow.db;

/**
 * How to log in as one of the provisioned roles.
 *
 * @param url      JDBC URL of the database
 * @param role     the role
 * @param password its password
 */
public record RoleCredentials(String url, DatabaseRole role, String password) {

    public String user() {
        return role.roleName();
    }

    @Override
    public String toString() {
        return "RoleCredentials[url=" + url + ", role=" + role + "]";
    }
}
