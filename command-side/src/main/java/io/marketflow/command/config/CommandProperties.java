package io.marketflow.command.config;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code marketflow.commands.*}.
 *
 * @param conflictRetries   how often a command that lost an optimistic race to another instance is sent again
 * @param idempotencyWindow how long the answer to a command sent with an {@code Idempotency-Key} is kept
 */
@ConfigurationProperties("marketflow.commands")
public record CommandProperties(@DefaultValue("5") int conflictRetries,
                                @DefaultValue("24h") Duration idempotencyWindow) {
}
