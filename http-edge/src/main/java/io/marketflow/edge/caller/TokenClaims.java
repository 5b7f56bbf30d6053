package io.marketflow.edge.caller;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * Where a verified token carries what Marketflow reads besides its {@code sub}: the caller's roles
 * ({@code MARKETFLOW_JWT_ROLES_CLAIM}) and an auditor's organizer ({@code MARKETFLOW_JWT_AUDIT_TENANT_CLAIM}). Each
 * is looked up first as one claim name ({@code https://example.com/roles}), then as a dot-separated path into nested
 * objects ({@code realm_access.roles}), so that any identity provider's tokens work without a mapper of its own.
 *
 * @param rolesClaim       an array of role names, or one string of names separated by spaces; names that are not
 *                         the contract's roles are ignored, and a token without the claim has no role
 * @param auditTenantClaim a string: the organizer id an auditor acts for
 */
public record TokenClaims(String rolesClaim, String auditTenantClaim) {

    /** The contract's own claims, as the development issuer writes them. */
    public static final TokenClaims DEFAULT = new TokenClaims(Roles.ROLES_CLAIM, Roles.AUDIT_TENANT_CLAIM);

    private static final Set<String> KNOWN_ROLES = Set.of(Roles.ORGANIZER, Roles.VENDOR, Roles.AUDITOR, Roles.ADMIN);

    public TokenClaims {
        if (rolesClaim == null || rolesClaim.isBlank()) {
            throw new IllegalArgumentException("MARKETFLOW_JWT_ROLES_CLAIM is empty: name the claim of the roles");
        }
        if (auditTenantClaim == null || auditTenantClaim.isBlank()) {
            throw new IllegalArgumentException(
                    "MARKETFLOW_JWT_AUDIT_TENANT_CLAIM is empty: name the claim of an auditor's organizer");
        }
    }

    /** The authentication of a verified token: its contract roles as authorities, and its audit tenant if any. */
    public CallerAuthentication authenticate(Jwt jwt) {
        List<SimpleGrantedAuthority> authorities = roles(jwt).stream()
                .map(role -> new SimpleGrantedAuthority(Roles.authority(role)))
                .toList();
        return new CallerAuthentication(jwt, authorities, auditTenant(jwt));
    }

    /** The contract's roles the token names, in the order it names them. */
    public List<String> roles(Jwt jwt) {
        Object value = find(jwt.getClaims(), rolesClaim);
        Stream<?> names;
        if (value instanceof Collection<?> list) {
            names = list.stream();
        } else if (value instanceof String spaced) {
            names = Stream.of(spaced.trim().split("\\s+"));
        } else {
            return List.of(); // absent, or of a shape no provider uses for roles: no role at all
        }
        return names.filter(String.class::isInstance).map(String.class::cast)
                .filter(KNOWN_ROLES::contains).distinct().toList();
    }

    /** The organizer an auditor's token names, or null when it names none. */
    public String auditTenant(Jwt jwt) {
        Object value = find(jwt.getClaims(), auditTenantClaim);
        return value instanceof String tenant && !tenant.isBlank() ? tenant : null;
    }

    /** The claim called {@code name}, else the value at the path {@code name} spells with dots, else null. */
    static Object find(Map<String, Object> claims, String name) {
        if (claims.containsKey(name)) {
            return claims.get(name);
        }
        Object at = claims;
        for (String step : name.split("\\.", -1)) {
            if (!(at instanceof Map<?, ?> object)) {
                return null;
            }
            at = object.get(step);
        }
        return at;
    }
}
