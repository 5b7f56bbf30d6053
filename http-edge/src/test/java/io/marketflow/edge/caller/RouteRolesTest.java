package io.marketflow.edge.caller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Method;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/** A route's role is the one its {@code @ActingAs} parameter names; a route without one cannot be served. */
class RouteRolesTest {

    static final class Routes {
        void organizersOnly(@ActingAs(TenantRole.ORGANIZER) VerifiedTenant organizer) {
        }

        void anyRole(@ActingAs(TenantRole.ANY_ROLE) VerifiedTenant anyone) {
        }

        void namesNoCaller(String something) {
        }
    }

    private static RequestMappingHandlerMapping mapping(String path, RequestMethod method, String handler) {
        RequestMappingHandlerMapping mapping = new RequestMappingHandlerMapping();
        mapping.registerMapping(RequestMappingInfo.paths(path).methods(method).build(), new Routes(),
                routeMethod(handler));
        return mapping;
    }

    private static Method routeMethod(String name) {
        for (Method method : Routes.class.getDeclaredMethods()) {
            if (method.getName().equals(name)) {
                return method;
            }
        }
        throw new IllegalArgumentException(name);
    }

    @Test
    void anApiRouteNeedsTheRoleOfItsActingAs() {
        var rules = RouteRoles.of(mapping("/api/markets/{marketId}", RequestMethod.PATCH, "organizersOnly"), "/api/");

        assertThat(rules).containsExactly(
                new RouteRoles.Rule(HttpMethod.PATCH, "/api/markets/{marketId}", TenantRole.ORGANIZER));
        assertThat(TenantRole.ORGANIZER.requiredRoles()).containsExactly(Roles.ORGANIZER);
        assertThat(TenantRole.ANY_ROLE.requiredRoles()).containsExactly(Roles.ORGANIZER, Roles.VENDOR,
                Roles.AUDITOR);
        assertThat(TenantRole.OWNER_OR_AUDITOR.requiredRoles()).as("strangers are answered 404 further in")
                .isEmpty();
    }

    @Test
    void anApiRouteThatNamesNoCallerStopsTheSideFromStarting() {
        assertThatThrownBy(() -> RouteRoles.of(mapping("/api/secrets", RequestMethod.GET, "namesNoCaller"), "/api/"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("takes no @ActingAs VerifiedTenant");
    }

    @Test
    void routesOutsideTheApiAreNotAskedForARole() {
        assertThat(RouteRoles.of(mapping("/health", RequestMethod.GET, "namesNoCaller"), "/api/")).isEmpty();
    }
}
