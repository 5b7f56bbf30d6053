package io.marketflow.query;

import io.marketflow.edge.caller.CallerAuthentication;
import io.marketflow.edge.caller.TenantRole;
import io.marketflow.edge.caller.TokenClaims;
import io.marketflow.edge.caller.VerifiedTenant;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.security.oauth2.jwt.Jwt;

/** Verified tenants made the one way the product makes them: from an authenticated JWT. */
public final class TestTenants {

    private TestTenants() {
    }

    public static VerifiedTenant organizer(String subject) {
        return VerifiedTenant.of(token(subject, List.of("organizer"), Map.of()), TenantRole.ORGANIZER);
    }

    public static VerifiedTenant vendor(String subject) {
        return VerifiedTenant.of(token(subject, List.of("vendor"), Map.of()), TenantRole.VENDOR);
    }

    /** An authenticated token as the resource server would make it after checking the signature. */
    public static CallerAuthentication token(String subject, List<String> roles, Map<String, Object> claims) {
        Jwt jwt = Jwt.withTokenValue("checked-by-the-resource-server")
                .header("alg", "RS256")
                .subject(subject)
                .claim("roles", roles)
                .claims(all -> all.putAll(claims))
                .issuedAt(Instant.now())
                .expiresAt(Instant.now().plusSeconds(60))
                .build();
        return TokenClaims.DEFAULT.authenticate(jwt);
    }
}
