package io.marketflow.edge.caller;

import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.http.HttpMethod;
import org.springframework.security.authorization.AuthenticatedAuthorizationManager;
import org.springframework.security.authorization.AuthorityAuthorizationManager;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * The role each API route needs, read from the {@code @ActingAs} parameter of its controller method: the one place a
 * route's role is written. The security chain checks it for every request, before the request reaches the controller
 * (so a caller without the role gets the same 403 whatever the path's ids or the body), and the same annotation tells
 * {@link VerifiedTenantArgumentResolver} which tenant to make. An API route without one stops the side from starting.
 */
public final class RouteRoles {

    /** One method and path pattern of a route, and who may call it. */
    public record Rule(HttpMethod method, String pattern, TenantRole actingAs) {

        public RequestMatcher matcher() {
            return PathPatternRequestMatcher.withDefaults().matcher(method, pattern);
        }

        public AuthorizationManager<RequestAuthorizationContext> access() {
            List<String> roles = actingAs.requiredRoles();
            return roles.isEmpty() ? AuthenticatedAuthorizationManager.authenticated()
                    : AuthorityAuthorizationManager.hasAnyRole(roles.toArray(String[]::new));
        }
    }

    private RouteRoles() {
    }

    /**
     * The rules of every route of {@code mappings} whose path starts with {@code apiPrefix}.
     *
     * @throws IllegalStateException if such a route's method takes no {@code @ActingAs VerifiedTenant}, or if two
     *                               methods answering the same method and pattern act differently
     */
    public static List<Rule> of(RequestMappingHandlerMapping mappings, String apiPrefix) {
        Map<String, Rule> rules = new HashMap<>();
        List<Rule> ordered = new ArrayList<>();
        mappings.getHandlerMethods().forEach((info, handler) -> {
            for (String pattern : patterns(info)) {
                if (!pattern.startsWith(apiPrefix)) {
                    continue;
                }
                TenantRole actingAs = actingAs(handler);
                for (HttpMethod method : methods(info)) {
                    Rule rule = new Rule(method, pattern, actingAs);
                    Rule earlier = rules.putIfAbsent(method + " " + pattern, rule);
                    if (earlier == null) {
                        ordered.add(rule);
                    } else if (earlier.actingAs() != actingAs) {
                        throw new IllegalStateException(method + " " + pattern + " acts as both "
                                + earlier.actingAs() + " and " + actingAs);
                    }
                }
            }
        });
        return List.copyOf(ordered);
    }

    private static TenantRole actingAs(HandlerMethod handler) {
        Method method = handler.getMethod();
        for (Parameter parameter : method.getParameters()) {
            ActingAs actingAs = parameter.getAnnotation(ActingAs.class);
            if (actingAs != null && parameter.getType() == VerifiedTenant.class) {
                return actingAs.value();
            }
        }
        throw new IllegalStateException(handler + " answers an API route but takes no @ActingAs VerifiedTenant:"
                + " every route says whom it acts for, which is also the role it needs");
    }

    private static Set<String> patterns(RequestMappingInfo info) {
        return info.getPatternValues();
    }

    private static List<HttpMethod> methods(RequestMappingInfo info) {
        Set<RequestMethod> declared = info.getMethodsCondition().getMethods();
        if (declared.isEmpty()) {
            throw new IllegalStateException(info + " takes every HTTP method: an API route names its methods");
        }
        return declared.stream().map(RequestMethod::asHttpMethod).toList();
    }
}
