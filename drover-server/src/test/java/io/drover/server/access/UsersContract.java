package io.drover.server.access;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.drover.server.testing.ApiClient;
import io.drover.server.testing.ApiClient.Answer;
import io.drover.server.testing.StoreBackend;
import io.drover.server.testing.TestServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Management users through the real API: created by an administrator with a token shown once and stored only as its
 * hash, listed without tokens, revoked at once; bad requests store nothing. Run on H2 and PostgreSQL.
 */
abstract class UsersContract {
    private TestServer server;
    private ApiClient admin;

    abstract StoreBackend backend();

    @BeforeEach
    void start() {
        server = TestServer.start(backend());
        admin = new ApiClient(server.baseUrl(), TestServer.ADMIN_TOKEN);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void createsAUserWhoseTokenIsShownOnceAndStoredOnlyAsItsHash() {
        Answer created = admin.postJson("/api/v1/users", "{\"name\":\"alice\",\"role\":\"Operator\"}");
        assertThat(created.status()).as(new String(created.body())).isEqualTo(201);
        assertThat(created.json().get("name").asText()).isEqualTo("alice");
        assertThat(created.json().get("role").asText()).isEqualTo("operator");
        String token = created.json().get("token").asText();
        assertThat(token).matches("[A-Za-z0-9_-]{43}"); // 32 random bytes, base64url

        ApiClient alice = admin.as(token);
        assertThat(alice.get("/api/v1/classes").status()).isEqualTo(200);

        JsonNode listed = admin.get("/api/v1/users").json();
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).get("name").asText()).isEqualTo("alice");
        assertThat(listed.get(0).get("role").asText()).isEqualTo("operator");
        assertThat(listed.get(0).get("createdBy").asText()).isEqualTo("admin");
        assertThat(listed.get(0).get("revokedAt").isNull()).isTrue();
        assertThat(listed.toString()).doesNotContain(token).doesNotContain("token");

        List<Map<String, Object>> rows = server.withDatabase(h -> h.createQuery("SELECT * FROM management_user")
                .mapToMap().list());
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).get("token_sha256")).isEqualTo(Tokens.sha256Hex(token));
        assertThat(rows.get(0).values()).noneMatch(v -> v != null && v.toString().contains(token));
    }

    @Test
    void aRevokedUsersTokenStopsWorkingAtOnce() {
        ApiClient bob = admin.as(admin.postJson("/api/v1/users", "{\"name\":\"bob\",\"role\":\"auditor\"}").json()
                .get("token").asText());
        assertThat(bob.get("/api/v1/users").status()).isEqualTo(200);

        assertThat(admin.postJson("/api/v1/users/bob/revoke", "").status()).isEqualTo(204);
        Answer refused = bob.get("/api/v1/users");
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.errorCode()).isEqualTo("auth.unauthenticated");
        assertThat(admin.get("/api/v1/users").json().get(0).get("revokedAt").isNull()).isFalse();
        // Revoking again changes nothing; the name stays taken.
        assertThat(admin.postJson("/api/v1/users/bob/revoke", "").status()).isEqualTo(204);
        assertThat(admin.postJson("/api/v1/users", "{\"name\":\"bob\",\"role\":\"auditor\"}").errorCode())
                .isEqualTo("user.exists");
    }

    @Test
    void refusesBadUsersStoringNothing() {
        assertThat(admin.postJson("/api/v1/users", "{\"name\":\"carol\",\"role\":\"approver\"}").status()).isEqualTo(201);
        Map<String, String> refusals = Map.of(
                "{\"name\":\"dave\",\"role\":\"root\"}", "user.invalid",
                "{\"name\":\"dave\"}", "user.invalid",
                "{\"name\":\"no spaces\",\"role\":\"vendor\"}", "user.invalid",
                "{\"role\":\"vendor\"}", "user.invalid",
                "{\"name\":\"dave\",\"role\":\"vendor\",\"token\":\"mine\"}", "request.malformed-json",
                "{\"name\":\"carol\",\"role\":\"vendor\"}", "user.exists",
                "{\"name\":\"admin\",\"role\":\"vendor\"}", "user.reserved-name",
                "{\"name\":\"Drover\",\"role\":\"vendor\"}", "user.reserved-name");
        refusals.forEach((body, code) -> {
            Answer refused = admin.postJson("/api/v1/users", body);
            assertThat(refused.errorCode()).as(body).isEqualTo(code);
            assertThat(refused.status()).as(body).isEqualTo(code.equals("user.invalid")
                    || code.equals("request.malformed-json") ? 400 : 409);
        });
        assertThat(admin.get("/api/v1/users").json()).hasSize(1);

        assertThat(admin.postJson("/api/v1/users/nobody/revoke", "").errorCode()).isEqualTo("user.not-found");
        Answer builtIn = admin.postJson("/api/v1/users/admin/revoke", "");
        assertThat(builtIn.status()).isEqualTo(409);
        assertThat(builtIn.errorCode()).isEqualTo("user.reserved-name");
        assertThat(admin.get("/api/v1/classes").status()).isEqualTo(200);
    }
}
