package io.marketflow.command;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling // Spring Boot's task scheduler: conflict retries and the expiry of idempotency keys
public class CommandSideApplication {

    public static void main(String[] args) {
        // no calls home: servers here reach only their database and identity provider
        System.getProperties().putIfAbsent("axoniq.update-checker.disabled", "true");
        SpringApplication.run(CommandSideApplication.class, args);
    }
}
