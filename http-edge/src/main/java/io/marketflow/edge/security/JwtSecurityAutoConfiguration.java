package io.marketflow.edge.security;

import io.marketflow.edge.caller.TokenClaims;
import io.marketflow.edge.limits.LimitProperties;
import io.marketflow.edge.web.ProblemWriter;
import io.marketflow.edge.web.Problems;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.MalformedURLException;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.security.oauth2.resource.servlet.OAuth2ResourceServerAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.security.authentication.AuthenticationEventPublisher;
import org.springframework.security.config.annotation.web.configuration.WebSecurityCustomizer;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.web.firewall.StrictHttpFirewall;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Verifies bearer tokens against the issuer's JWKS: RS256 or ES256 signature, {@code iss}, {@code aud}, {@code exp}
 * (required), {@code nbf}, a {@code sub}, and a {@code typ} header that is absent, {@code JWT} or {@code at+jwt}.
 */
@AutoConfiguration(before = OAuth2ResourceServerAutoConfiguration.class)
@EnableConfigurationProperties(JwtProperties.class)
public class JwtSecurityAutoConfiguration {

    private static final long JWKS_REFRESH_MIN_INTERVAL_MILLIS = 5_000;
    private static final int VERIFIED_TOKENS_KEPT = 10_000;

    @Bean
    public JwtDecoder jwtDecoder(JwtProperties properties) throws MalformedURLException {
        NimbusJwtDecoder nimbus = nimbusDecoder(properties);
        VerifiedTokenCache recent = new VerifiedTokenCache(properties.jwksCacheTtl().dividedBy(2),
                VERIFIED_TOKENS_KEPT, Clock.systemUTC());
        // Any token that cannot be verified is the caller's problem, a 401, even when the reason is on our side
        // (keys unreachable, refresh rate-limited): it fails closed and never surfaces as a server error.
        return token -> {
            Jwt known = recent.get(token);
            if (known != null) {
                return known;
            }
            try {
                Jwt jwt = nimbus.decode(token);
                recent.put(token, jwt);
                return jwt;
            } catch (BadJwtException invalid) {
                throw invalid;
            } catch (JwtException unverifiable) {
                throw new BadJwtException("the token could not be verified", unverifiable);
            }
        };
    }

    private static NimbusJwtDecoder nimbusDecoder(JwtProperties properties) throws MalformedURLException {
        NimbusJwtDecoder decoder = new NimbusJwtDecoder(jwtProcessor(properties));
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(
                JwtValidators.createDefaultWithIssuer(properties.issuer()),
                new JwtClaimValidator<List<String>>(JwtClaimNames.AUD,
                        audiences -> audiences != null && audiences.contains(properties.audience())),
                new JwtClaimValidator<Instant>(JwtClaimNames.EXP, Objects::nonNull),
                new JwtClaimValidator<String>(JwtClaimNames.SUB, subject -> subject != null && !subject.isBlank())));
        return decoder;
    }

    /**
     * Signature checking with keys from the JWKS only: headers such as {@code jku}, {@code x5u} or an embedded
     * {@code jwk} are never followed. Keys are cached for {@code jwksCacheTtl}; claims are left to the validators.
     */
    private static DefaultJWTProcessor<SecurityContext> jwtProcessor(JwtProperties properties)
            throws MalformedURLException {
        long ttl = properties.jwksCacheTtl().toMillis();
        JWKSource<SecurityContext> keys = JWKSourceBuilder.<SecurityContext>create(URI.create(properties.jwksUri()).toURL())
                .cache(ttl, JWKSourceBuilder.DEFAULT_CACHE_REFRESH_TIMEOUT)
                .refreshAheadCache(false)
                // an unknown key id refreshes at once, at most every few seconds: quick after a rotation, cheap to abuse
                .rateLimited(Math.min(JWKS_REFRESH_MIN_INTERVAL_MILLIS, ttl / 2))
                .build();
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256), keys));
        processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(JOSEObjectType.JWT, new JOSEObjectType("at+jwt"), null));
        processor.setJWTClaimsSetVerifier((claims, context) -> {
            // iss, aud, exp, nbf and sub are checked by the decoder's validators, with clock skew
        });
        return processor;
    }

    /**
     * Spring Security's strict firewall, with its header-value rule checked without a regular expression. What it
     * refuses (a control character in a header, an encoded slash in the path...) within the security chain is a 400
     * problem; Spring's default sent an error whose dispatch to {@code /error} the chain answered with a misleading
     * 403. A header value first read later, in a controller, is refused by {@code ApiExceptionHandler} alike.
     */
    @Bean
    public WebSecurityCustomizer headerValueFirewall(ProblemWriter problems) {
        StrictHttpFirewall firewall = new StrictHttpFirewall();
        firewall.setAllowedHeaderValues(new HeaderValues());
        return web -> web.httpFirewall(firewall).requestRejectedHandler((request, response, rejected) ->
                problems.write(response, Problems.requestRejected()));
    }

    /**
     * No Micrometer observation around each of the security chain's filters, authentications and authorizations:
     * they timed a dozen filters on every request, a visible share of its CPU; {@code http.server.requests} still
     * times the whole request.
     */
    @Bean
    public SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }

    /**
     * Spring publishes an application event for every request a bearer token authenticates, and another for every
     * refusal; nothing listens to them here.
     */
    @Bean
    public AuthenticationEventPublisher authenticationEventPublisher() {
        return new AuthenticationEventPublisher() {
            @Override
            public void publishAuthenticationSuccess(Authentication authentication) {
            }

            @Override
            public void publishAuthenticationFailure(AuthenticationException exception, Authentication authentication) {
            }
        };
    }

    /** Where tokens carry roles and an auditor's organizer: {@code MARKETFLOW_JWT_ROLES_CLAIM} and the like. */
    @Bean
    public TokenClaims tokenClaims(JwtProperties properties) {
        return new TokenClaims(properties.rolesClaim(), properties.auditTenantClaim());
    }

    /** Reads each route's role from Spring MVC's own request mappings, once the chain is built. */
    @Bean
    public ApiSecurity apiSecurity(TokenClaims tokenClaims, ProblemWriter problems,
                                   LimitProperties limits, MeterRegistry meters, Environment environment,
                                   @Qualifier("requestMappingHandlerMapping")
                                   ObjectProvider<RequestMappingHandlerMapping> routes) {
        return new ApiSecurity(tokenClaims, problems, limits, meters,
                environment.getProperty("management.server.port", Integer.class), routes::getObject);
    }
}
