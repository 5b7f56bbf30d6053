package io.marketflow.command.idempotency;

import io.marketflow.persistence.eventstore.AppendedPositions;
import java.util.Optional;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.modelling.command.AnnotationCommandTargetResolver;
import org.axonframework.modelling.command.CommandTargetResolver;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;

/**
 * Carries out a keyed command at most once per caller and key. Inside the command's transaction, before its
 * aggregate is loaded, it waits for any other request under the same key to end; if one committed, the command is not
 * handled and that request's result is given again (or, for a different request under the same key, a refusal).
 * Otherwise the command is handled and its result is written after its events, so both commit or neither does.
 */
final class IdempotencyInterceptor implements MessageHandlerInterceptor<CommandMessage<?>> {

    private final RememberedResults results;
    private final Serializer serializer;
    private final CommandTargetResolver targets = AnnotationCommandTargetResolver.builder().build();

    IdempotencyInterceptor(RememberedResults results, Serializer serializer) {
        this.results = results;
        this.serializer = serializer;
    }

    @Override
    public Object handle(UnitOfWork<? extends CommandMessage<?>> unitOfWork, InterceptorChain chain)
            throws Exception {
        CommandMessage<?> command = unitOfWork.getMessage();
        Optional<IdempotencyKey> keyed = IdempotencyKey.of(command);
        if (keyed.isEmpty()) {
            return chain.proceed();
        }
        IdempotencyKey key = keyed.get();
        Optional<RememberedResult> earlier = results.lockAndFind(key);
        if (earlier.isPresent()) {
            if (!earlier.get().answers(key)) {
                throw new IdempotencyKeyReusedException();
            }
            return IdempotencyKey.replay(serializer.deserialize(earlier.get().result()),
                    earlier.get().eventPosition());
        }
        Object result = chain.proceed();
        SerializedObject<byte[]> serialized = serializer.serialize(result, byte[].class);
        String aggregate = targets.resolveTarget(command).getIdentifier();
        // registered after the handler, so it runs after the event store's own prepare-commit step has appended
        unitOfWork.onPrepareCommit(committing ->
                results.remember(key, serialized, AppendedPositions.lastIn(committing).orElse(null), aggregate));
        return result;
    }
}
