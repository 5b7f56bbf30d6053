package io.marketflow.query.config;

import io.marketflow.edge.security.ApiSecurity;
import org.springframework.boot.actuate.autoconfigure.security.servlet.EndpointRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The query side's filter chain: each read route needs the role its controller's {@code @ActingAs} names; whose data
 * it sees is the tenant's business, checked further in.
 */
@Configuration(proxyBeanMethods = false)
class QuerySecurityConfiguration {

    @Bean
    SecurityFilterChain queryApi(HttpSecurity http, ApiSecurity apiSecurity) throws Exception {
        // rebuilding or retrying parked events changes what every tenant reads, and parked events carry every
        // tenant's data: an operator's token, even on the management port
        return apiSecurity.chain(http, EndpointRequest.to("rebuild", "deadletters"));
    }
}
