package io.marketflow.edge.caller;

import io.marketflow.api.tenancy.TenantId;
import java.time.Instant;
import java.util.Objects;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * Who is calling, and the tenant they act for, made only from an authenticated JWT: the one answer to "who is this
 * request?" on both sides. No constructor is open: the one way to get one is
 * {@link #of(CallerAuthentication, TenantRole)}, which {@link VerifiedTenantArgumentResolver} calls with the
 * request's verified token for a controller's {@code @ActingAs} parameter. The command side names the caller in its
 * commands and their audit metadata from it; the query side sends it with every query, and reads nothing for anyone
 * else.
 */
public final class VerifiedTenant {

    /** The metadata key the tenant travels under on the query bus. */
    public static final String METADATA_KEY = "marketflow.verifiedTenant";

    private final TenantId id;
    private final TenantRole role;
    private final String subject;
    private final Instant validUntil;

    private VerifiedTenant(TenantId id, TenantRole role, Jwt jwt) {
        this.id = id;
        this.role = role;
        this.subject = jwt.getSubject();
        this.validUntil = jwt.getExpiresAt();
    }

    /**
     * The tenant {@code token} acts for in {@code role}.
     *
     * @throws TenantRefusedException when the token is not authenticated, lacks the role, or (for an auditor)
     *                                names no {@code audit_tenant}
     */
    public static VerifiedTenant of(CallerAuthentication token, TenantRole role) {
        if (token == null || !token.isAuthenticated()) {
            throw new TenantRefusedException("no authenticated token");
        }
        Jwt jwt = token.getToken();
        String subject = jwt.getSubject();
        return switch (role) {
            case ORGANIZER -> new VerifiedTenant(new TenantId(requireRole(token, Roles.ORGANIZER, subject)), role, jwt);
            case VENDOR -> new VerifiedTenant(new TenantId(requireRole(token, Roles.VENDOR, subject)), role, jwt);
            case AUDITOR -> {
                requireRole(token, Roles.AUDITOR, subject);
                String auditTenant = token.auditTenant();
                if (auditTenant == null) {
                    throw new TenantRefusedException("an auditor's token names no audit_tenant");
                }
                yield new VerifiedTenant(new TenantId(auditTenant), role, jwt);
            }
            case ANY_ROLE -> new VerifiedTenant(new TenantId(subject), role, jwt);
            case OWNER_OR_AUDITOR -> hasRole(token, Roles.AUDITOR)
                    ? of(token, TenantRole.AUDITOR) : of(token, TenantRole.ORGANIZER);
        };
    }

    private static String requireRole(CallerAuthentication token, String role, String subject) {
        if (!hasRole(token, role)) {
            throw new TenantRefusedException("the token lacks the role " + role);
        }
        return subject;
    }

    private static boolean hasRole(CallerAuthentication token, String role) {
        String authority = Roles.authority(role);
        return token.getAuthorities().stream().map(GrantedAuthority::getAuthority).anyMatch(authority::equals);
    }

    /** Whose data may be read or changed: the caller's own {@code sub}, or an auditor's {@code audit_tenant}. */
    public TenantId id() {
        return id;
    }

    /** The capacity the caller acts in; for the audit routes, the one their token was found to have. */
    public TenantRole role() {
        return role;
    }

    /** Who is reading: equal to {@link #id()} except for auditors. */
    public String subject() {
        return subject;
    }

    /** When the token it was verified from expires: nothing may be served to it after that. */
    public Instant validUntil() {
        return validUntil;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof VerifiedTenant that
                && id.equals(that.id) && role == that.role && subject.equals(that.subject);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, role, subject);
    }

    @Override
    public String toString() {
        return "VerifiedTenant[" + role + " " + subject + " for " + id + "]";
    }
}
