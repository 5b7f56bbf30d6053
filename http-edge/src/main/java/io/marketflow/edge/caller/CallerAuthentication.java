package io.marketflow.edge.caller;

import java.util.Collection;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * A request's verified token as {@link TokenClaims} read it: the roles as authorities, and the organizer an auditor
 * acts for, wherever the identity provider put them. The resource server makes one per request with a valid token;
 * {@link VerifiedTenant#of} makes the caller from nothing else.
 */
public final class CallerAuthentication extends JwtAuthenticationToken {

    private final String auditTenant;

    CallerAuthentication(Jwt jwt, Collection<? extends GrantedAuthority> authorities, String auditTenant) {
        super(jwt, authorities, jwt.getSubject());
        this.auditTenant = auditTenant;
    }

    /** The organizer the token's audit tenant claim names, or null. */
    public String auditTenant() {
        return auditTenant;
    }
}
