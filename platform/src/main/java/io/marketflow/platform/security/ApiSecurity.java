package io.marketflow.platform.security;

import io.marketflow.platform.web.Problems;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

/**
 * The part of every side's filter chain that is the same: stateless bearer-token authentication, no sessions, no
 * CSRF (no cookies are read), and problem+json for 401 and 403. Each side adds its own route rules.
 */
public final class ApiSecurity {

    private final JwtAuthenticationConverter jwtAuthenticationConverter;
    private final ProblemResponses problems;

    ApiSecurity(JwtAuthenticationConverter jwtAuthenticationConverter, ProblemResponses problems) {
        this.jwtAuthenticationConverter = jwtAuthenticationConverter;
        this.problems = problems;
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
                        .jwt(jwt -> jwt.jwtAuthenticationConverter(jwtAuthenticationConverter))
                        .authenticationEntryPoint(unauthorized)
                        .accessDeniedHandler(forbidden))
                .exceptionHandling(handling -> handling
                        .authenticationEntryPoint(unauthorized)
                        .accessDeniedHandler(forbidden));
    }

    /** 401 with the {@code WWW-Authenticate: Bearer ...} header Spring computes, and a problem body. */
    private AuthenticationEntryPoint unauthorized() {
        BearerTokenAuthenticationEntryPoint bearer = new BearerTokenAuthenticationEntryPoint();
        return (request, response, failure) -> {
            bearer.commence(request, response, failure);
            problems.write(response, HttpStatus.UNAUTHORIZED, "unauthorized",
                    "A valid bearer token is required.");
        };
    }
}
