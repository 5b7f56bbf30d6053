package io.marketflow.edge.security;

import static org.springframework.http.HttpMethod.GET;

import io.marketflow.edge.caller.Roles;
import io.marketflow.edge.caller.RouteRoles;
import io.marketflow.edge.caller.TokenClaims;
import io.marketflow.edge.limits.LimitProperties;
import io.marketflow.edge.limits.SubjectRateLimitFilter;
import io.marketflow.edge.web.ProblemWriter;
import io.marketflow.edge.web.Problems;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.DispatcherType;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;
import org.springframework.boot.actuate.autoconfigure.security.servlet.EndpointRequest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.header.HeaderWriterFilter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.util.matcher.AndRequestMatcher;
import org.springframework.security.web.util.matcher.NegatedRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Every side's security filter chain: stateless bearer-token authentication, no sessions, no CSRF (no cookies are
 * read), a rate limit per verified subject, problem+json for 401, 403 and 429, and who may call what. The role of an
 * API route is the one its controller method's {@code @ActingAs} names ({@link RouteRoles}); the operators'
 * actuator endpoints a side names need the {@code admin} role even on the management port.
 */
public final class ApiSecurity {

    /** Where the API's routes are; each of them declares its caller's role. */
    public static final String API_PREFIX = "/api/";

    private final TokenClaims tokenClaims;
    private final ProblemWriter problems;
    // not a bean: Spring Boot would also register it as a plain servlet filter, outside the security chain
    private final SubjectRateLimitFilter rateLimit;

    private final Integer managementPort;
    private final Supplier<RequestMappingHandlerMapping> routes;

    ApiSecurity(TokenClaims tokenClaims, ProblemWriter problems, LimitProperties limits, MeterRegistry meters,
                Integer managementPort, Supplier<RequestMappingHandlerMapping> routes) {
        this.tokenClaims = tokenClaims;
        this.problems = problems;
        this.rateLimit = new SubjectRateLimitFilter(limits, problems, meters);
        this.managementPort = managementPort;
        this.routes = routes;
    }

    /**
     * The side's chain: health and the OpenAPI description for anyone, {@code adminOnly} (may be null) for the
     * {@code admin} role, the metrics for the {@code admin} role off the management port, the management port's
     * endpoints for anyone who can reach it, each API route for its
     * {@code @ActingAs} role, any other API path for a signed-in caller (who then gets 404 or 405), nothing else.
     */
    public SecurityFilterChain chain(HttpSecurity http, RequestMatcher adminOnly) throws Exception {
        // most specific first, as Spring MVC chooses between patterns that both match
        List<RouteRoles.Rule> apiRoutes = RouteRoles.of(routes.get(), API_PREFIX).stream()
                .sorted(Comparator.comparing(rule -> PathPatternParser.defaultInstance.parse(rule.pattern()),
                        PathPattern.SPECIFICITY_COMPARATOR))
                .toList();
        return resourceServer(http)
                .authorizeHttpRequests(rules -> {
                    // the container's error page, reached only by its own dispatch, answers with the error's status
                    rules.dispatcherTypeMatchers(DispatcherType.ERROR).permitAll();
                    rules.requestMatchers(GET, "/actuator/health", "/actuator/health/**").permitAll();
                    if (adminOnly != null) {
                        rules.requestMatchers(adminOnly).hasRole(Roles.ADMIN);
                    }
                    // metrics: for anyone who can reach the private management port, for admins on the API port
                    rules.requestMatchers(new AndRequestMatcher(EndpointRequest.to("prometheus"),
                            new NegatedRequestMatcher(onManagementPort()))).hasRole(Roles.ADMIN);
                    rules.requestMatchers(onManagementPort()).permitAll();
                    rules.requestMatchers(GET, "/v3/api-docs", "/v3/api-docs/**", "/swagger-ui.html",
                            "/swagger-ui/**").permitAll();
                    for (RouteRoles.Rule route : apiRoutes) {
                        rules.requestMatchers(route.matcher()).access(route.access());
                    }
                    rules.requestMatchers(API_PREFIX + "**").authenticated();
                    rules.anyRequest().denyAll();
                })
                .build();
    }

    /**
     * Requests to the separate management port, when one is configured ({@code MANAGEMENT_SERVER_PORT}, to be bound
     * to a private {@code MANAGEMENT_SERVER_ADDRESS}): operators' actuator endpoints, never the API.
     */
    private RequestMatcher onManagementPort() {
        return request -> managementPort != null && managementPort > 0 && request.getLocalPort() == managementPort;
    }

    private HttpSecurity resourceServer(HttpSecurity http) throws Exception {
        AuthenticationEntryPoint unauthorized = unauthorized();
        AccessDeniedHandler forbidden = (request, response, denied) ->
                problems.write(response, HttpStatus.FORBIDDEN, "forbidden", Problems.FORBIDDEN_DETAIL);
        return http
                .csrf(AbstractHttpConfigurer::disable)
                .httpBasic(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                // security headers before the handler runs: written after it (the default), they race a live feed's
                // first event, which another thread commits meanwhile, and the two corrupt the response's headers
                .headers(headers -> headers.addObjectPostProcessor(new ObjectPostProcessor<HeaderWriterFilter>() {
                    @Override
                    public <O extends HeaderWriterFilter> O postProcess(O filter) {
                        filter.setShouldWriteHeadersEagerly(true);
                        return filter;
                    }
                }))
                .anonymous(Customizer.withDefaults())
                .sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .oauth2ResourceServer(server -> server
                        .bearerTokenResolver(new BearerTokens())
                        .jwt(jwt -> jwt.jwtAuthenticationConverter(tokenClaims::authenticate))
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
