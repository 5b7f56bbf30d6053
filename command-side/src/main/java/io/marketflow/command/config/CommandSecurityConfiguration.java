package io.marketflow.command.config;

import io.marketflow.edge.security.ApiSecurity;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The command side's filter chain: each route needs the role its controller's {@code @ActingAs} names; ownership is
 * the aggregate's check, not this one's. It has no operators' endpoints.
 */
@Configuration(proxyBeanMethods = false)
class CommandSecurityConfiguration {

    @Bean
    SecurityFilterChain commandApi(HttpSecurity http, ApiSecurity apiSecurity) throws Exception {
        return apiSecurity.chain(http, null);
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
