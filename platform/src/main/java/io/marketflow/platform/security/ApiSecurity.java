package io.marketflow.platform.security;

import io.marketflow.platform.limits.LimitProperties;
import io.marketflow.platform.limits.SubjectRateLimitFilter;
import io.marketflow.platform.web.ProblemWriter;
import io.marketflow.platform.web.Problems;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * The part of every side's filter chain that is the same: stateless bearer-token authentication, no sessions, no
 * CSRF (no cookies are read), a rate limit per verified subject, and problem+json for 401, 403 and 429. Each side
 * adds its own route rules.
 */
public final class ApiSecurity {

    private final JwtAuthenticationConverter jwtAuthenticationConverter;
    private final ProblemWriter problems;
    // not a bean: Spring Boot would also register it as a plain servlet filter, outside the security chain
    private final SubjectRateLimitFilter rateLimit;

    private final Integer managementPort;

    ApiSecurity(JwtAuthenticationConverter jwtAuthenticationConverter, ProblemWriter problems,
                LimitProperties limits, Integer managementPort) {
        this.jwtAuthenticationConverter = jwtAuthenticationConverter;
        this.problems = problems;
        this.rateLimit = new SubjectRateLimitFilter(limits, problems);
        this.managementPort = managementPort;
    }

    /**
     * Requests to the separate management port, when one is configured ({@code MANAGEMENT_SERVER_PORT}, to be bound
     * to a private {@code MANAGEMENT_SERVER_ADDRESS}): operators' actuator endpoints, never the API.
     */
    public RequestMatcher onManagementPort() {
        return request -> managementPort != null && managementPort > 0 && request.getLocalPort() == managementPort;
    }

    /** Applies the shared settings to {@code http}; the caller adds {@code authorizeHttpRequests}. */
    public HttpSecurity resourceServer(HttpSecurity http) throws Exception {
        AuthenticationEntryPoint unauthorized = unauthorized();
        AccessDeniedHandler forbidden = (request, response, denied) ->
                problems.write(response, HttpStatus.FORBIDDEN, "forbidden", Problems.FORBIDDEN_DETAIL);
        return http
                .csrf(AbstractHttpConfigurer::disable)
                .httpBasic(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                .anonymous(Customizer.withDefaults())
                .sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .oauth2ResourceServer(server -> server
                        .bearerTokenResolver(new BearerTokens())
                        .jwt(jwt -> jwt.jwtAuthenticationConverter(jwtAuthenticationConverter))
                        .authenticationEntryPoint(unauthorized)
                        .accessDeniedHandler(forbidden))
                .exceptionHandling(handling -> handling
                        .authenticationEntryPoint(unauthorized)
                        .accessDeniedHandler(forbidden))
                .addFilterAfter(rateLimit, BearerTokenAuthenticationFilter.class);
    }

    /**
     * 401 with {@code WWW-Authenticate: Bearer}, plus {@code error="invalid_token"} when a token was sent. Which check
     * failed is not said: a forger learns nothing from one attempt for the next.
     */
    private AuthenticationEntryPoint unauthorized() {
        return (request, response, failure) -> {
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, failure instanceof OAuth2AuthenticationException
                    ? "Bearer error=\"invalid_token\"" : "Bearer");
            problems.write(response, HttpStatus.UNAUTHORIZED, "unauthorized", "A valid bearer token is required.");
        };
    }
}
