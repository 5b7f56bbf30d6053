package io.marketflow.platform.security;

import io.marketflow.api.market.OrganizerId;
import io.marketflow.api.vendor.VendorId;
import org.springframework.core.MethodParameter;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/**
 * Lets a controller method take an {@link OrganizerId} or {@link VendorId} parameter: the verified {@code sub} of
 * the caller's token, and only when the token carries that role. Nothing from the request can fill it.
 */
final class VerifiedCallerArgumentResolver implements HandlerMethodArgumentResolver {

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        Class<?> type = parameter.getParameterType();
        return type == OrganizerId.class || type == VendorId.class;
    }

    @Override
    public Object resolveArgument(MethodParameter parameter, ModelAndViewContainer mavContainer,
                                  NativeWebRequest webRequest, WebDataBinderFactory binderFactory) {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (!(authentication instanceof JwtAuthenticationToken token) || !token.isAuthenticated()) {
            throw new AccessDeniedException("no verified caller");
        }
        String subject = token.getToken().getSubject();
        if (parameter.getParameterType() == OrganizerId.class) {
            requireRole(token, Roles.ORGANIZER);
            return new OrganizerId(subject);
        }
        requireRole(token, Roles.VENDOR);
        return new VendorId(subject);
    }

    private static void requireRole(JwtAuthenticationToken token, String role) {
        String authority = Roles.authority(role);
        if (token.getAuthorities().stream().noneMatch(granted -> authority.equals(granted.getAuthority()))) {
            throw new AccessDeniedException("the token lacks the role " + role);
        }
    }
}
