package io.marketflow.query.tenancy;

/** In which capacity a caller reads, and so which claim names their tenant. */
public enum TenantRole {
    /** Acts for their own {@code sub}. */
    ORGANIZER,
    /** Acts for their own {@code sub}. */
    VENDOR,
    /** Acts for the organizer named in their {@code audit_tenant} claim. */
    AUDITOR,
    /** Any signed-in role, acting for their own {@code sub}: for data that is the same for everyone. */
    ANY_ROLE,
    /**
     * An auditor for their {@code audit_tenant}, else an organizer for their own {@code sub}: the audit routes.
     * Anyone else is answered as if the object did not exist.
     */
    AUDIT
}
