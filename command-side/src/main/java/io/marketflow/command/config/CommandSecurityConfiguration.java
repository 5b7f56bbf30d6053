package io.marketflow.command.config;

import static io.marketflow.platform.security.Roles.ORGANIZER;
import static io.marketflow.platform.security.Roles.VENDOR;
import static org.springframework.http.HttpMethod.GET;
import static org.springframework.http.HttpMethod.PATCH;
import static org.springframework.http.HttpMethod.POST;
import static org.springframework.http.HttpMethod.PUT;

import io.marketflow.platform.security.ApiSecurity;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/** Which role each command route needs; ownership is the aggregate's check, not this one's. */
@Configuration(proxyBeanMethods = false)
class CommandSecurityConfiguration {

    @Bean
    SecurityFilterChain commandApi(HttpSecurity http, ApiSecurity apiSecurity) throws Exception {
        return apiSecurity.resourceServer(http)
                .authorizeHttpRequests(routes -> routes
                        .requestMatchers(GET, "/actuator/health", "/actuator/health/**").permitAll()
                        .requestMatchers(apiSecurity.onManagementPort()).permitAll()
                        .requestMatchers(GET, "/v3/api-docs", "/v3/api-docs/**", "/swagger-ui.html", "/swagger-ui/**")
                        .permitAll()
                        .requestMatchers(POST, "/api/markets", "/api/markets/*/close", "/api/markets/*/reopen")
                        .hasRole(ORGANIZER)
                        .requestMatchers(PATCH, "/api/markets/*/applications/*").hasRole(ORGANIZER)
                        .requestMatchers(PUT, "/api/vendors/me").hasRole(VENDOR)
                        .requestMatchers(POST, "/api/markets/*/applications", "/api/markets/*/applications/*/withdraw")
                        .hasRole(VENDOR)
                        .requestMatchers("/api/**").authenticated()
                        .anyRequest().denyAll())
                .build();
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
