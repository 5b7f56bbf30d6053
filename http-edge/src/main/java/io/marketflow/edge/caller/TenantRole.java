package io.marketflow.edge.caller;

import java.util.List;

/** In which capacity a caller acts, and so which role their token must carry and which claim names their tenant. */
public enum TenantRole {
    /** Acts for their own {@code sub}. */
    ORGANIZER(List.of(Roles.ORGANIZER)),
    /** Acts for their own {@code sub}. */
    VENDOR(List.of(Roles.VENDOR)),
    /** Acts for the organizer named in their {@code audit_tenant} claim. */
    AUDITOR(List.of(Roles.AUDITOR)),
    /** Any of the contract's roles, acting for their own {@code sub}: for data that is the same for everyone. */
    ANY_ROLE(List.of(Roles.ORGANIZER, Roles.VENDOR, Roles.AUDITOR)),
    /**
     * An auditor for their {@code audit_tenant}, else an organizer for their own {@code sub}: the audit routes. Any
     * other signed-in caller is answered as if the object did not exist, so the route itself asks for no role.
     */
    OWNER_OR_AUDITOR(List.of());

    private final List<String> roles;

    TenantRole(List<String> roles) {
        this.roles = roles;
    }

    /** The roles of which a token must carry one to reach a route acting so; empty when any signed-in caller may. */
    public List<String> requiredRoles() {
        return roles;
    }
}
