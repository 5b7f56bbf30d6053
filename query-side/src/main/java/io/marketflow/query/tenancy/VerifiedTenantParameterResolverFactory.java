package io.marketflow.query.tenancy;

import io.marketflow.edge.caller.VerifiedTenant;
import java.lang.reflect.Executable;
import java.lang.reflect.Parameter;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.annotation.ParameterResolver;
import org.axonframework.messaging.annotation.ParameterResolverFactory;

/**
 * Lets a query handler declare a {@link VerifiedTenant} parameter, filled from the message's metadata. A message
 * without one matches no handler: the query fails instead of running unscoped. Found by Axon through
 * {@code META-INF/services}.
 */
public class VerifiedTenantParameterResolverFactory implements ParameterResolverFactory {

    @Override
    public ParameterResolver<VerifiedTenant> createInstance(Executable executable, Parameter[] parameters,
                                                            int parameterIndex) {
        if (parameters[parameterIndex].getType() != VerifiedTenant.class) {
            return null;
        }
        return new ParameterResolver<>() {
            @Override
            public VerifiedTenant resolveParameterValue(Message<?> message) {
                return (VerifiedTenant) message.getMetaData().get(VerifiedTenant.METADATA_KEY);
            }

            @Override
            public boolean matches(Message<?> message) {
                return message.getMetaData().get(VerifiedTenant.METADATA_KEY) instanceof VerifiedTenant;
            }
        };
    }
}
