package io.marketflow.db;

/** The least-privilege roles created by the migrations; no side serves requests under the admin role. */
public enum DatabaseRole {
    /** Appends and reads events; cannot change or remove them. Command side. */
    COMMAND("marketflow_command"),
    /** Reads events and writes read models, processor tokens and dead letters. Query side. */
    PROJECTOR("marketflow_projector"),
    /** Reads read models only, through row-level security; owns nothing. Query side. */
    READER("marketflow_reader");

    private final String roleName;

    DatabaseRole(String roleName) {
        this.roleName = roleName;
    }

    public String roleName() {
        return roleName;
    }
}
