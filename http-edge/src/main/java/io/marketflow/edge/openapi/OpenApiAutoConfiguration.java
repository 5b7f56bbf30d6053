package io.marketflow.edge.openapi;

import io.marketflow.edge.caller.VerifiedTenant;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Bean;

/** {@code /v3/api-docs} and {@code /swagger-ui.html} on each side: the routes, their bodies and the bearer scheme. */
@AutoConfiguration
public class OpenApiAutoConfiguration {

    static final String BEARER = "bearer-jwt";

    static {
        // filled from the verified token, never from the request: not parameters a client can send
        SpringDocUtils.getConfig().addRequestWrapperToIgnore(VerifiedTenant.class);
    }

    @Bean
    public OpenAPI marketflowOpenApi(@Value("${spring.application.name}") String side) {
        return new OpenAPI()
                .info(new Info().title("Marketflow " + side.replace("marketflow-", "").replace('-', ' '))
                        .description("Tenant-isolated back end for farmers'-market platforms. Every /api route needs "
                                + "a bearer JWT; errors are application/problem+json.")
                        .version("0.1.0"))
                .components(new Components().addSecuritySchemes(BEARER, new SecurityScheme()
                        .type(SecurityScheme.Type.HTTP).scheme("bearer").bearerFormat("JWT")
                        .description("RS256 or ES256 token of the configured issuer, with the marketflow audience and "
                                + "a roles claim (organizer, vendor, auditor)")))
                .addSecurityItem(new SecurityRequirement().addList(BEARER));
    }
}
