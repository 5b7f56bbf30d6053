package io.marketflow.command.web;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.stereotype.Component;

/**
 * How controllers send commands: synchronously, so that a refusal becomes the HTTP answer, and with the instant the
 * request was accepted (aggregates read no clock).
 */
@Component
public class Commands {

    private final CommandGateway gateway;
    private final Clock clock;

    Commands(CommandGateway gateway, Clock clock) {
        this.gateway = gateway;
        this.clock = clock;
    }

    /** Now, to the microsecond PostgreSQL keeps. */
    public Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    /** Sends {@code command} and waits for its result; a refusal is thrown as the aggregate threw it. */
    public <R> R send(Object command) {
        return gateway.sendAndWait(command);
    }
}
