package io.marketflow.query.tenancy;

import io.marketflow.api.tenancy.TenantScopedQuery;
import io.marketflow.edge.caller.TenantRefusedException;
import io.marketflow.edge.caller.VerifiedTenant;
import java.util.List;
import java.util.function.BiFunction;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.queryhandling.QueryMessage;

/**
 * Registered on the query bus twice: when a query is dispatched and again when it is handled. Either time, a query
 * passes only if it is a {@link TenantScopedQuery} carrying a {@link VerifiedTenant} whose id equals the query's
 * tenant. Anything else is refused before a handler or the database sees it.
 */
public final class TenantQueryGuard implements MessageDispatchInterceptor<QueryMessage<?, ?>>,
        MessageHandlerInterceptor<QueryMessage<?, ?>> {

    @Override
    public BiFunction<Integer, QueryMessage<?, ?>, QueryMessage<?, ?>> handle(
            List<? extends QueryMessage<?, ?>> messages) {
        return (index, query) -> {
            check(query);
            return query;
        };
    }

    @Override
    public Object handle(UnitOfWork<? extends QueryMessage<?, ?>> unitOfWork, InterceptorChain chain)
            throws Exception {
        check(unitOfWork.getMessage());
        return chain.proceed();
    }

    /** The one rule, used at dispatch and at handling time. */
    static VerifiedTenant check(QueryMessage<?, ?> query) {
        if (!(query.getPayload() instanceof TenantScopedQuery scoped)) {
            throw new TenantRefusedException(query.getPayloadType().getName() + " names no tenant");
        }
        if (!(query.getMetaData().get(VerifiedTenant.METADATA_KEY) instanceof VerifiedTenant verified)) {
            throw new TenantRefusedException(query.getPayloadType().getSimpleName() + " carries no verified tenant");
        }
        if (!verified.id().equals(scoped.tenant())) {
            throw new TenantRefusedException(query.getPayloadType().getSimpleName()
                    + " asks for another tenant than the verified one");
        }
        return verified;
    }
}
