package io.marketflow.query.tenancy;

import io.marketflow.api.tenancy.TenantId;
import io.marketflow.api.tenancy.TenantScopedQuery;
import io.marketflow.edge.caller.VerifiedTenant;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import org.axonframework.messaging.GenericMessage;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.responsetypes.ResponseType;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.axonframework.queryhandling.SubscriptionQueryResult;
import org.springframework.stereotype.Component;

/**
 * How the web layer asks queries. The query is built from the verified tenant's id, so its payload cannot name
 * another tenant, and the tenant travels with it as metadata for the bus's {@link TenantQueryGuard}.
 */
@Component
public class TenantQueries {

    private final QueryGateway gateway;

    TenantQueries(QueryGateway gateway) {
        this.gateway = gateway;
    }

    /**
     * Asks the query {@code queryFor} makes from the tenant's id, and waits for its answer.
     *
     * @throws RuntimeException whatever the handler threw, unwrapped
     */
    public <Q extends TenantScopedQuery, R> R ask(VerifiedTenant tenant, Function<TenantId, Q> queryFor,
                                                  Class<R> answerType) {
        return dispatch(tenant, queryFor, ResponseTypes.instanceOf(answerType));
    }

    /** Like {@link #ask}, for a handler that answers an {@code Optional}: empty when nothing is visible. */
    public <Q extends TenantScopedQuery, R> Optional<R> find(VerifiedTenant tenant, Function<TenantId, Q> queryFor,
                                                             Class<R> answerType) {
        return dispatch(tenant, queryFor, ResponseTypes.optionalInstanceOf(answerType));
    }

    /**
     * Subscribes to the query {@code queryFor} makes from the tenant's id: its answer (an {@code Optional} handler's,
     * empty when nothing is visible) and then its updates. The caller cancels the subscription when done.
     */
    public <Q extends TenantScopedQuery, I, U> SubscriptionQueryResult<Optional<I>, U> watch(
            VerifiedTenant tenant, Function<TenantId, Q> queryFor, Class<I> answerType, Class<U> updateType) {
        return gateway.subscriptionQuery(message(tenant, queryFor), ResponseTypes.optionalInstanceOf(answerType),
                ResponseTypes.instanceOf(updateType));
    }

    private static <Q extends TenantScopedQuery> GenericMessage<Q> message(VerifiedTenant tenant,
                                                                           Function<TenantId, Q> queryFor) {
        return new GenericMessage<>(queryFor.apply(tenant.id()), MetaData.with(VerifiedTenant.METADATA_KEY, tenant));
    }

    private <Q extends TenantScopedQuery, R> R dispatch(VerifiedTenant tenant, Function<TenantId, Q> queryFor,
                                                        ResponseType<R> responseType) {
        try {
            return gateway.query(message(tenant, queryFor), responseType).join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }
}
