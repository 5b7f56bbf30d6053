package io.marketflow.command.config;

import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The gateway controllers send commands through: a command that lost an optimistic race is sent again. */
@Configuration(proxyBeanMethods = false)
class CommandGatewayConfiguration {

    @Bean
    ConflictRetries conflictRetries(@Value("${marketflow.commands.conflict-retries:5}") int retries) {
        return new ConflictRetries(retries);
    }

    @Bean
    CommandGateway commandGateway(CommandBus commandBus, ConflictRetries conflictRetries) {
        return DefaultCommandGateway.builder().commandBus(commandBus).retryScheduler(conflictRetries).build();
    }
}
