package io.marketflow.system;

import static io.marketflow.dev.LocalKeycloak.ADA;
import static io.marketflow.dev.LocalKeycloak.OLGA;
import static io.marketflow.dev.LocalKeycloak.OSCAR;
import static io.marketflow.dev.LocalKeycloak.VERA;
import static io.marketflow.dev.LocalKeycloak.VICTOR;
import static io.marketflow.system.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.marketflow.dev.LocalKeycloak;
import io.marketflow.system.Api.Reply;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Marketflow with a real Keycloak: the demo realm's users sign in with their passwords at Keycloak's token endpoint,
 * and the sides, told nothing but the issuer, its JWKS and {@code MARKETFLOW_JWT_ROLES_CLAIM=realm_access.roles},
 * keep the contract's promises for them. A signing key rotated in Keycloak is picked up without a restart.
 */
class KeycloakIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration PROJECTION = Duration.ofSeconds(20);

    private static KeycloakSystem system;
    private static Api api;

    @BeforeAll
    static void startTheSystemWithKeycloak() {
        system = KeycloakSystem.start();
        api = new Api(system);
    }

    @AfterAll
    static void stopIt() {
        if (system != null) {
            system.close();
        }
    }

    @Test
    void keycloaksAccessTokensCarryTheUsersFixedIdRealmRolesAudienceAndAuditTenant() {
        String organizer = system.token(OLGA);
        JsonNode header = part(organizer, 0);
        JsonNode olga = part(organizer, 1);
        JsonNode ada = part(system.token(ADA), 1);

        assertThat(header.path("alg").asText()).isEqualTo("RS256");
        assertThat(header.path("typ").asText()).isEqualTo("JWT");
        assertThat(olga.path("iss").asText()).isEqualTo(system.keycloak().issuer());
        assertThat(olga.path("sub").asText()).isEqualTo(OLGA.id());
        assertThat(audiences(olga)).contains("marketflow");
        assertThat(realmRoles(olga)).contains("organizer");
        assertThat(olga.has("audit_tenant")).isFalse();
        assertThat(realmRoles(ada)).contains("auditor");
        assertThat(ada.path("audit_tenant").asText()).isEqualTo(OLGA.id());
    }

    @Test
    void anOrganizerAndAVendorSignedInThroughKeycloakTakeAnApplicationToApproved() {
        String organizer = system.token(OLGA);
        String vendor = system.token(VICTOR);

        UUID market = api.createMarket(organizer, "Keycloak Farmers Market");
        api.saveVendorProfile(vendor, "Victor's Vegetables");
        UUID application = api.apply(vendor, market);
        Reply decision = api.decide(organizer, market, application, "APPROVED");

        assertThat(decision.status()).as("%s", decision).isEqualTo(200);
        JsonNode approved = await().atMost(PROJECTION).until(
                () -> item(api.query("/api/markets/" + market + "/applications", organizer), application),
                item -> item != null && "APPROVED".equals(item.path("status").asText()));
        assertThat(approved.path("vendorId").asText()).isEqualTo(VICTOR.id());
        assertThat(approved.path("vendorName").asText()).isEqualTo("Victor's Vegetables");
        JsonNode own = await().atMost(PROJECTION).until(
                () -> item(api.query("/api/vendor/applications", vendor), application),
                item -> item != null && "APPROVED".equals(item.path("status").asText()));
        assertThat(own.path("marketName").asText()).isEqualTo("Keycloak Farmers Market");
    }

    @Test
    void anotherOrganizerGetsTheSame404AsForAMissingMarketOnBothSides() {
        String olga = system.token(OLGA);
        String oscar = system.token(OSCAR);
        UUID market = api.createMarket(olga, "Olga's Market");
        await().atMost(PROJECTION).until(() -> api.query("/api/markets/" + market, olga).status() == 200);
        UUID missing = UUID.randomUUID();

        Reply foreignRead = api.query("/api/markets/" + market, oscar);
        Reply missingRead = api.query("/api/markets/" + missing, oscar);
        Reply foreignClose = api.command("POST", "/api/markets/" + market + "/close", oscar, null);
        Reply missingClose = api.command("POST", "/api/markets/" + missing + "/close", oscar, null);

        assertProblem(foreignRead, 404);
        assertThat(foreignRead.body()).isEqualTo(missingRead.body());
        assertProblem(foreignClose, 404);
        assertThat(foreignClose.body()).isEqualTo(missingClose.body());
        assertThat(api.query("/api/markets/" + market, olga).json().path("open").asBoolean())
                .as("olga's market after oscar's attempt to close it").isTrue();
    }

    @Test
    void aVendorIsRefusedOnOrganizerRoutes() {
        String olga = system.token(OLGA);
        String vera = system.token(VERA);
        UUID market = api.createMarket(olga, "Market Vera Cannot Run");
        api.saveVendorProfile(vera, "Vera's Bakery");
        UUID application = api.apply(vera, market);

        assertProblem(api.command("POST", "/api/markets", vera,
                "{\"name\": \"Vera's own market\", \"location\": \"Nowhere\"}"), 403);
        assertProblem(api.decide(vera, market, application, "APPROVED"), 403);
        assertProblem(api.query("/api/markets", vera), 403);
        assertProblem(api.query("/api/markets/" + market + "/applications", vera), 403);
    }

    @Test
    void theAuditorReadsTheHistoryOfTheOrganizerInTheirAuditTenantAndNoOneElses() {
        UUID olgasMarket = api.createMarket(system.token(OLGA), "Audited Market");
        UUID oscarsMarket = api.createMarket(system.token(OSCAR), "Unaudited Market");
        String auditor = system.token(ADA);

        JsonNode history = await().atMost(PROJECTION).until(
                () -> api.query("/api/audit/markets/" + olgasMarket + "/events", auditor),
                reply -> reply.status() == 200 && !reply.json().path("items").isEmpty()).json();
        Reply foreign = api.query("/api/audit/markets/" + oscarsMarket + "/events", auditor);
        Reply missing = api.query("/api/audit/markets/" + UUID.randomUUID() + "/events", auditor);

        assertThat(history.path("items").get(0).path("type").asText()).isEqualTo("MarketCreated");
        assertThat(history.path("items").get(0).path("actor").asText()).isEqualTo(OLGA.id());
        assertProblem(foreign, 404);
        assertThat(foreign.body()).isEqualTo(missing.body());
        assertProblem(api.query("/api/markets/" + olgasMarket, auditor), 403);
    }

    @Test
    void aTokenKeycloakIssuedForAnotherApplicationIsRefused() {
        String forOtherApp = system.keycloak().tokenFor(LocalKeycloak.OTHER_CLIENT, OLGA.username(), OLGA.password());
        JsonNode claims = part(forOtherApp, 1);
        assertThat(claims.path("iss").asText()).as("same issuer, same user").isEqualTo(system.keycloak().issuer());
        assertThat(claims.path("sub").asText()).isEqualTo(OLGA.id());
        assertThat(audiences(claims)).doesNotContain("marketflow");

        for (Reply reply : List.of(api.query("/api/markets", forOtherApp),
                api.command("POST", "/api/markets", forOtherApp,
                        "{\"name\": \"Must not exist\", \"location\": \"Nowhere\"}"))) {
            assertProblem(reply, 401);
            assertThat(reply.header("WWW-Authenticate")).as("WWW-Authenticate of %s", reply).startsWith("Bearer");
        }
    }

    @Test
    void aSigningKeyRotatedInKeycloakIsPickedUpWithoutRestartingTheSides() {
        String signedByTheOldKey = system.token(OLGA);
        String oldKey = part(signedByTheOldKey, 0).path("kid").asText();
        assertThat(api.query("/api/markets", signedByTheOldKey).status()).isEqualTo(200);

        String newKey = system.keycloak().rotateSigningKey();
        String signedByTheNewKey = system.token(OLGA);

        assertThat(part(signedByTheNewKey, 0).path("kid").asText()).isEqualTo(newKey).isNotEqualTo(oldKey);
        await().atMost(Duration.ofSeconds(20)).until(() -> api.query("/api/markets", signedByTheNewKey).status() == 200);
        Reply created = api.command("POST", "/api/markets", signedByTheNewKey,
                "{\"name\": \"Market after the rotation\", \"location\": \"Town square\"}");
        assertThat(created.status()).as("%s", created).isEqualTo(201);
        assertThat(api.query("/api/markets", signedByTheOldKey).status())
                .as("the old key is still published").isEqualTo(200);

        system.keycloak().removeSigningKey(oldKey);

        // the sides trust fetched keys for JWKS_CACHE_TTL, and a verified token for half of it
        await().atMost(Duration.ofSeconds(30))
                .until(() -> api.query("/api/markets", signedByTheOldKey).status() == 401);
        assertProblem(api.command("POST", "/api/markets", signedByTheOldKey,
                "{\"name\": \"Must not exist\", \"location\": \"Nowhere\"}"), 401);
        assertThat(api.query("/api/markets", signedByTheNewKey).status()).isEqualTo(200);
        assertThat(system.sidesAlive()).as("both sides still run as they were started").isTrue();
    }

    /** The item with {@code id} in a list answer, or null while it is not there. */
    private static JsonNode item(Reply reply, UUID id) {
        if (reply.status() != 200) {
            return null;
        }
        for (JsonNode item : reply.json().path("items")) {
            if (id.toString().equals(item.path("id").asText())) {
                return item;
            }
        }
        return null;
    }

    /** The header (0) or the claims (1) of a JWT, read without checking anything. */
    private static JsonNode part(String jwt, int index) {
        try {
            return JSON.readTree(new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[index]),
                    StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code aud}, which Keycloak writes as a string when there is one audience and as an array otherwise. */
    private static List<String> audiences(JsonNode claims) {
        List<String> audiences = new ArrayList<>();
        JsonNode aud = claims.path("aud");
        if (aud.isTextual()) {
            audiences.add(aud.asText());
        }
        aud.forEach(value -> audiences.add(value.asText()));
        return audiences;
    }

    private static List<String> realmRoles(JsonNode claims) {
        List<String> roles = new ArrayList<>();
        claims.path("realm_access").path("roles").forEach(role -> roles.add(role.asText()));
        return roles;
    }
}
