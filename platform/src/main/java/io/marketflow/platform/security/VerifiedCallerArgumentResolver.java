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
public final class VerifiedCallerArgumentResolver implements HandlerMethodArgumentResolver {

    /** Request attribute: the role ({@link Roles}) the caller was resolved in. */
    public static final String ACTING_ROLE_ATTRIBUTE = VerifiedCallerArgumentResolver.class.getName() + ".role";

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
        String role = parameter.getParameterType() == OrganizerId.class ? Roles.ORGANIZER : Roles.VENDOR;
        requireRole(token, role);
        // the role this request acts in, for the audit metadata of what it causes
        webRequest.setAttribute(ACTING_ROLE_ATTRIBUTE, role, NativeWebRequest.SCOPE_REQUEST);
        return role.equals(Roles.ORGANIZER) ? new OrganizerId(subject) : new VendorId(subject);
    }

    private static void requireRole(JwtAuthenticationToken token, String role) {
        String authority = Roles.authority(role);
        if (token.getAuthorities().stream().noneMatch(granted -> authority.equals(granted.getAuthority()))) {
            throw new AccessDeniedException("the token lacks the role " + role);
        }
    }
}
