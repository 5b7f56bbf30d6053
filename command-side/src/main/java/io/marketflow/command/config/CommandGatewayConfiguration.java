package io.marketflow.command.config;

import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.TaskScheduler;

/** The gateway controllers send commands through: a command that lost an optimistic race is sent again. */
@Configuration(proxyBeanMethods = false)
class CommandGatewayConfiguration {

    @Bean
    ConflictRetries conflictRetries(TaskScheduler scheduler, CommandProperties properties) {
        return new ConflictRetries(scheduler, properties.conflictRetries());
    }

    @Bean
    CommandGateway commandGateway(CommandBus commandBus, ConflictRetries conflictRetries) {
        return DefaultCommandGateway.builder().commandBus(commandBus).retryScheduler(conflictRetries).build();
    }
}
