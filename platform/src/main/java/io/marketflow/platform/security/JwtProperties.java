package io.marketflow.platform.security;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code marketflow.jwt.*}, from {@code MARKETFLOW_JWT_*}.
 *
 * @param issuer   the exact {@code iss} every token must carry
 * @param jwksUri  where the issuer's JSON Web Key Set is served
 * @param audience the audience every token must carry in {@code aud}
 */
@ConfigurationProperties("marketflow.jwt")
public record JwtProperties(String issuer, String jwksUri, @DefaultValue("marketflow") String audience) {
    public JwtProperties {
        if (issuer == null || issuer.isBlank()) {
            throw new IllegalArgumentException("MARKETFLOW_JWT_ISSUER is not set: give the issuer tokens must carry");
        }
        if (jwksUri == null || jwksUri.isBlank()) {
            throw new IllegalArgumentException("MARKETFLOW_JWT_JWKS_URI is not set: give the issuer's JWKS address");
        }
    }
}
