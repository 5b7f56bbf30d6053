package io.marketflow.edge.caller;

/** The role names of a token's roles claim; Spring Security holds each as the authority {@code ROLE_<name>}. */
public final class Roles {

    public static final String ORGANIZER = "organizer";
    public static final String VENDOR = "vendor";
    public static final String AUDITOR = "auditor";
    /** Operators: the actuator's operations that change a running side (read-model rebuilds, parked events). */
    public static final String ADMIN = "admin";

    /** The claim holding the caller's roles, unless {@code MARKETFLOW_JWT_ROLES_CLAIM} names another. */
    public static final String ROLES_CLAIM = "roles";
    /**
     * For auditors: the organizer whose markets they may audit, unless {@code MARKETFLOW_JWT_AUDIT_TENANT_CLAIM}
     * names another claim.
     */
    public static final String AUDIT_TENANT_CLAIM = "audit_tenant";

    private Roles() {
    }

    public static String authority(String role) {
        return "ROLE_" + role;
    }
}
