package io.marketflow.command.idempotency;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.util.Optional;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.http.ResponseEntity;

/**
 * Carries out a keyed command at most once per caller and key. Inside the command's transaction, before its
 * aggregate is loaded, it waits for any other request under the same key to end; if one committed, the command is not
 * handled and that answer is given again (or, for a different request under the same key, a refusal). Otherwise the
 * command is handled and its answer is written after its events, so both commit or neither does.
 */
final class AnswerOnceInterceptor implements MessageHandlerInterceptor<CommandMessage<?>> {

    private final RememberedAnswers answers;
    private final ObjectMapper json;

    AnswerOnceInterceptor(RememberedAnswers answers, ObjectMapper json) {
        this.answers = answers;
        this.json = json;
    }

    @Override
    public Object handle(UnitOfWork<? extends CommandMessage<?>> unitOfWork, InterceptorChain chain)
            throws Exception {
        AnswerOnce once = AnswerOnce.of(unitOfWork.getMessage());
        if (once == null) {
            return chain.proceed();
        }
        Optional<RememberedAnswer> earlier = answers.lockAndFind(once.caller(), once.request().key());
        if (earlier.isPresent()) {
            if (!earlier.get().answers(once.request())) {
                throw new IdempotencyKeyReusedException();
            }
            throw new AnsweredBeforeException(earlier.get());
        }
        Object result = chain.proceed();
        ResponseEntity<?> answer = once.answer().apply(result);
        String body = answer.hasBody() ? asJson(answer.getBody()) : null;
        String location = Optional.ofNullable(answer.getHeaders().getLocation()).map(URI::toString).orElse(null);
        // registered after the handler, so it runs after the event store's own prepare-commit step has appended
        unitOfWork.onPrepareCommit(committing -> answers.remember(once.caller(), once.request(),
                answer.getStatusCode().value(), location, body, once.aggregate()));
        return result;
    }

    private String asJson(Object body) {
        try {
            return json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an answer that cannot be written as JSON: " + body.getClass(), e);
        }
    }
}
