package io.marketflow.command.idempotency;

import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.axonframework.commandhandling.CommandResultMessage;
import org.axonframework.commandhandling.GenericCommandResultMessage;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.MetaData;

/**
 * A caller's {@code Idempotency-Key} as it travels with a command: plain strings in the command's metadata, which
 * {@link IdempotencyInterceptor} reads wherever the command is handled. Events copy none of it.
 *
 * @param caller      the verified {@code sub} the key belongs to
 * @param key         the key the client chose
 * @param fingerprint the request's fingerprint, base64
 */
public record IdempotencyKey(String caller, String key, String fingerprint) {

    private static final String CALLER = "marketflow.idempotency.caller";
    private static final String KEY = "marketflow.idempotency.key";
    private static final String FINGERPRINT = "marketflow.idempotency.fingerprint";
    // on a result given again: the position remembered with it (absent when none was)
    private static final String REPLAYED = "marketflow.idempotency.replayed";
    private static final String REPLAYED_POSITION = "marketflow.idempotency.replayedPosition";

    public Map<String, String> asMetaData() {
        return Map.of(CALLER, caller, KEY, key, FINGERPRINT, fingerprint);
    }

    static Optional<IdempotencyKey> of(Message<?> command) {
        MetaData metaData = command.getMetaData();
        if (!(metaData.get(KEY) instanceof String key)) {
            return Optional.empty();
        }
        return Optional.of(new IdempotencyKey((String) metaData.get(CALLER), key, (String) metaData.get(FINGERPRINT)));
    }

    static String encode(byte[] fingerprint) {
        return Base64.getEncoder().encodeToString(fingerprint);
    }

    byte[] fingerprintBytes() {
        return Base64.getDecoder().decode(fingerprint);
    }

    /** The result an earlier request under this key got, given again, with the event position it was given with. */
    static CommandResultMessage<Object> replay(Object result, Long eventPosition) {
        MetaData marks = MetaData.with(REPLAYED, Boolean.TRUE);
        if (eventPosition != null) {
            marks = marks.and(REPLAYED_POSITION, eventPosition);
        }
        return new GenericCommandResultMessage<>(result).withMetaData(marks);
    }

    /** Whether {@code result} was given again for a repeated key rather than by carrying the command out. */
    public static boolean isReplay(CommandResultMessage<?> result) {
        return Boolean.TRUE.equals(result.getMetaData().get(REPLAYED));
    }

    /** The event position remembered with a result given again. */
    public static Optional<Long> replayedPosition(CommandResultMessage<?> result) {
        return Optional.ofNullable(result.getMetaData().get(REPLAYED_POSITION))
                .map(position -> ((Number) position).longValue());
    }
}
