package io.marketflow.edge.caller;

import io.marketflow.edge.web.NotFoundException;
import org.springframework.core.MethodParameter;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/** Fills a controller's {@code @ActingAs(...) VerifiedTenant} parameter from the request's verified token. */
public final class VerifiedTenantArgumentResolver implements HandlerMethodArgumentResolver {

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.getParameterType() == VerifiedTenant.class;
    }

    @Override
    public VerifiedTenant resolveArgument(MethodParameter parameter, ModelAndViewContainer mavContainer,
                                          NativeWebRequest webRequest, WebDataBinderFactory binderFactory) {
        ActingAs actingAs = parameter.getParameterAnnotation(ActingAs.class);
        if (actingAs == null) {
            throw new IllegalStateException(parameter.getMethod() + " must say @ActingAs(...) on its tenant");
        }
        var authentication = SecurityContextHolder.getContext().getAuthentication();
        if (!(authentication instanceof CallerAuthentication token)) {
            throw new TenantRefusedException("no bearer token");
        }
        try {
            return VerifiedTenant.of(token, actingAs.value());
        } catch (TenantRefusedException refused) {
            if (actingAs.value() == TenantRole.OWNER_OR_AUDITOR) {
                throw new NotFoundException(); // the audit routes answer strangers as if nothing were there
            }
            throw refused;
        }
    }
}
