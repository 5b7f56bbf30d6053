package io.marketflow.query.config;

import static io.marketflow.platform.security.Roles.ADMIN;
import static io.marketflow.platform.security.Roles.AUDITOR;
import static io.marketflow.platform.security.Roles.ORGANIZER;
import static io.marketflow.platform.security.Roles.VENDOR;
import static org.springframework.http.HttpMethod.GET;

import io.marketflow.platform.security.ApiSecurity;
import io.marketflow.query.tenancy.VerifiedTenant;
import io.marketflow.query.tenancy.VerifiedTenantArgumentResolver;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.boot.actuate.autoconfigure.security.servlet.EndpointRequest;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Which role each read route needs; whose data it sees is the tenant's business, checked further in. */
@Configuration(proxyBeanMethods = false)
class QuerySecurityConfiguration implements WebMvcConfigurer {

    static {
        // made from the verified token by VerifiedTenantArgumentResolver: no parameter a client can send
        SpringDocUtils.getConfig().addRequestWrapperToIgnore(VerifiedTenant.class);
    }

    @Bean
    SecurityFilterChain queryApi(HttpSecurity http, ApiSecurity apiSecurity) throws Exception {
        return apiSecurity.resourceServer(http)
                .authorizeHttpRequests(routes -> routes
                        .requestMatchers(GET, "/actuator/health", "/actuator/health/**").permitAll()
                        // rebuilding or retrying parked events changes what every tenant reads, and parked events
                        // carry every tenant's data: an operator's token, even on the management port
                        .requestMatchers(EndpointRequest.to("rebuild", "deadletters")).hasRole(ADMIN)
                        .requestMatchers(apiSecurity.onManagementPort()).permitAll()
                        .requestMatchers(GET, "/v3/api-docs", "/v3/api-docs/**", "/swagger-ui.html", "/swagger-ui/**")
                        .permitAll()
                        .requestMatchers(GET, "/api/markets", "/api/markets/*", "/api/markets/*/applications")
                        .hasRole(ORGANIZER)
                        .requestMatchers(GET, "/api/vendor/applications").hasRole(VENDOR)
                        .requestMatchers(GET, "/api/directory/markets").hasAnyRole(ORGANIZER, VENDOR, AUDITOR)
                        // the owner or their auditor; everyone else signed in gets the 404 of a missing market
                        .requestMatchers(GET, "/api/audit/**").authenticated()
                        .requestMatchers("/api/**").authenticated()
                        .anyRequest().denyAll())
                .build();
    }

    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(new VerifiedTenantArgumentResolver());
    }
}
