package io.marketflow.command.web;

import io.marketflow.persistence.eventstore.AppendedPositions;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.CommandResultMessage;
import org.axonframework.commandhandling.GenericCommandResultMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Gives a command's result the global position of the last event the command appended, as the append itself
 * reported it ({@link AppendedPositions}): the answer's {@code X-Event-Position}, at no extra statement. The position
 * is known only once the events are appended, as the unit of work commits, after the result was made; the result's
 * metadata carries it from then on, before anyone reads the result. Axon registers this interceptor on the command
 * bus, as it does every handler interceptor bean, in their order: this one first, so that it positions every result,
 * a remembered one given again too.
 */
@Component
@Order(1)
class AppendedPosition implements MessageHandlerInterceptor<CommandMessage<?>> {

    private static final String POSITION = "marketflow.appendedPosition";

    @Override
    public Object handle(UnitOfWork<? extends CommandMessage<?>> unitOfWork, InterceptorChain chain)
            throws Exception {
        Object result = chain.proceed();
        AtomicLong position = new AtomicLong(-1);
        // registered after the handler, so it runs after the event store's own prepare-commit step has appended
        unitOfWork.onPrepareCommit(committing -> AppendedPositions.lastIn(committing).ifPresent(position::set));
        return new Positioned<>(GenericCommandResultMessage.asCommandResultMessage(result), position);
    }

    /** The position of the last event the command of {@code result} appended, if it appended any. */
    static Optional<Long> of(CommandResultMessage<?> result) {
        return Optional.ofNullable((Long) result.getMetaData().get(POSITION));
    }

    /** A result whose metadata gains the appended position once the unit of work has appended its events. */
    private static final class Positioned<R> extends GenericCommandResultMessage<R> {

        private final AtomicLong position;

        Positioned(CommandResultMessage<R> result, AtomicLong position) {
            super(result);
            this.position = position;
        }

        @Override
        public MetaData getMetaData() {
            long appended = position.get();
            return appended < 0 ? super.getMetaData() : super.getMetaData().and(POSITION, appended);
        }
    }
}
