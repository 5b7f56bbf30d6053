package io.marketflow.edge.caller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;

class TokenClaimsTest {

    private static final TokenClaims KEYCLOAK = new TokenClaims("realm_access.roles", "audit_tenant");

    @Test
    void theContractsOwnClaimsByDefault() {
        Jwt jwt = token(Map.of("roles", List.of("organizer", "vendor"), "audit_tenant", "olga"));

        CallerAuthentication caller = TokenClaims.DEFAULT.authenticate(jwt);

        assertThat(caller.getAuthorities()).extracting(GrantedAuthority::getAuthority)
                .containsExactly("ROLE_organizer", "ROLE_vendor");
        assertThat(caller.auditTenant()).isEqualTo("olga");
        assertThat(caller.getName()).isEqualTo("alice");
    }

    @Test
    void aPathIntoNestedObjectsAsKeycloakWritesRealmAndClientRoles() {
        Jwt jwt = token(Map.of(
                "realm_access", Map.of("roles", List.of("offline_access", "auditor", "uma_authorization")),
                "resource_access", Map.of("marketflow", Map.of("roles", List.of("admin")))));

        assertThat(KEYCLOAK.roles(jwt)).containsExactly("auditor");
        assertThat(new TokenClaims("resource_access.marketflow.roles", "audit_tenant").roles(jwt))
                .containsExactly("admin");
    }

    @Test
    void aClaimNameWithDotsIsFirstTakenWhole() {
        Jwt jwt = token(Map.of("https://marketflow.example/roles", List.of("vendor"),
                "https://marketflow.example/audit_tenant", "olga"));

        TokenClaims auth0 = new TokenClaims("https://marketflow.example/roles", "https://marketflow.example/audit_tenant");

        assertThat(auth0.roles(jwt)).containsExactly("vendor");
        assertThat(auth0.auditTenant(jwt)).isEqualTo("olga");
    }

    @Test
    void aSpaceSeparatedStringOfRoles() {
        assertThat(TokenClaims.DEFAULT.roles(token(Map.of("roles", " organizer  admin ")))).containsExactly(
                "organizer", "admin");
    }

    @Test
    void unknownRolesAndValuesOfOtherShapesAreIgnored() {
        assertThat(TokenClaims.DEFAULT.roles(token(Map.of("roles", List.of("Organizer", "root", 7, "vendor")))))
                .containsExactly("vendor");
        assertThat(TokenClaims.DEFAULT.roles(token(Map.of("roles", Map.of("organizer", true))))).isEmpty();
        assertThat(TokenClaims.DEFAULT.auditTenant(token(Map.of("audit_tenant", List.of("olga"))))).isNull();
        assertThat(TokenClaims.DEFAULT.auditTenant(token(Map.of("audit_tenant", " ")))).isNull();
    }

    @Test
    void aMissingClaimOrPathMeansNoRoleNotAnError() {
        Jwt jwt = token(Map.of("realm_access", List.of("organizer"), "roles", List.of("organizer")));

        assertThat(KEYCLOAK.roles(jwt)).isEmpty();
        assertThat(new TokenClaims("resource_access.marketflow.roles", "x.y").authenticate(jwt).getAuthorities())
                .isEmpty();
        assertThat(new TokenClaims("resource_access.marketflow.roles", "x.y").authenticate(jwt).auditTenant())
                .isNull();
    }

    @Test
    void anAuditorActsForTheOrganizerFoundWhereverTheTokenPutsIt() {
        Jwt jwt = token(Map.of("realm_access", Map.of("roles", List.of("auditor")),
                "attributes", Map.of("audits", "olga")));

        VerifiedTenant auditor = VerifiedTenant.of(new TokenClaims("realm_access.roles", "attributes.audits")
                .authenticate(jwt), TenantRole.AUDITOR);

        assertThat(auditor.id().value()).isEqualTo("olga");
        assertThat(auditor.subject()).isEqualTo("alice");
        assertThatThrownBy(() -> VerifiedTenant.of(KEYCLOAK.authenticate(jwt), TenantRole.AUDITOR))
                .isInstanceOf(TenantRefusedException.class);
    }

    @Test
    void anEmptySettingIsRefusedAtStartup() {
        assertThatThrownBy(() -> new TokenClaims(" ", "audit_tenant"))
                .hasMessageContaining("MARKETFLOW_JWT_ROLES_CLAIM");
        assertThatThrownBy(() -> new TokenClaims("roles", ""))
                .hasMessageContaining("MARKETFLOW_JWT_AUDIT_TENANT_CLAIM");
    }

    private static Jwt token(Map<String, Object> claims) {
        return Jwt.withTokenValue("verified").header("alg", "RS256").subject("alice")
                .claims(all -> all.putAll(claims))
                .issuedAt(Instant.now()).expiresAt(Instant.now().plusSeconds(60)).build();
    }
}
