package io.marketflow.command.idempotency;

import java.util.Map;
import java.util.function.Function;
import org.axonframework.messaging.Message;
import org.springframework.http.ResponseEntity;

/**
 * Rides along a command sent with an {@code Idempotency-Key}, as metadata the command bus hands to
 * {@link AnswerOnceInterceptor}: who asked, under which key, for which aggregate, and how the command's result
 * becomes the HTTP answer. It never leaves the instance: events copy only the audit entries of a command's metadata.
 */
public record AnswerOnce(String caller, IdempotentRequest request, String aggregate,
                         Function<Object, ResponseEntity<?>> answer) {

    static final String METADATA_KEY = "marketflow.answerOnce";

    /** The metadata entry that makes the command remember its answer under the caller's key. */
    @SuppressWarnings("unchecked")
    public static <R> Map<String, Object> metaData(String caller, IdempotentRequest request, String aggregate,
                                                   Function<R, ? extends ResponseEntity<?>> answer) {
        Function<Object, ResponseEntity<?>> untyped = result -> answer.apply((R) result);
        return Map.of(METADATA_KEY, new AnswerOnce(caller, request, aggregate, untyped));
    }

    static AnswerOnce of(Message<?> command) {
        return (AnswerOnce) command.getMetaData().get(METADATA_KEY);
    }
}
