package io.marketflow.edge.security;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code marketflow.jwt.*}, from {@code MARKETFLOW_JWT_*}.
 *
 * @param issuer   the exact {@code iss} every token must carry
 * @param jwksUri  where the issuer's JSON Web Key Set is served
 * @param audience the audience every token must carry in {@code aud}
 * @param jwksCacheTtl how long fetched keys are trusted before the JWKS is fetched again: a key the issuer removed
 *                     is still accepted for at most this long (an unknown key id refreshes at once, rate-limited)
 * @param rolesClaim   where tokens carry their roles: a claim name, else a dot-separated path
 *                     ({@code realm_access.roles})
 * @param auditTenantClaim where an auditor's token names the organizer it audits, looked up the same way
 */
@ConfigurationProperties("marketflow.jwt")
public record JwtProperties(String issuer, String jwksUri, @DefaultValue("marketflow") String audience,
                            @DefaultValue("60s") Duration jwksCacheTtl, @DefaultValue("roles") String rolesClaim,
                            @DefaultValue("audit_tenant") String auditTenantClaim) {
    public JwtProperties {
        if (issuer == null || issuer.isBlank()) {
            throw new IllegalArgumentException("MARKETFLOW_JWT_ISSUER is not set: give the issuer tokens must carry");
        }
        if (jwksUri == null || jwksUri.isBlank()) {
            throw new IllegalArgumentException("MARKETFLOW_JWT_JWKS_URI is not set: give the issuer's JWKS address");
        }
    }
}
