package io.drover.server.access;

import static org.assertj.core.api.Assertions.assertThat;

import io.drover.server.testing.ApiClient;
import io.drover.server.testing.ApiClient.Answer;
import io.drover.server.testing.StoreBackend;
import io.drover.server.testing.TestServer;
import java.io.IOException;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every management endpoint the server registered, read from its router (not a copy kept here), refuses a request
 * without a valid token (401) and a user whose role it does not allow (403), and lets the roles it allows through;
 * docs/API.md's role table says the same. Run on H2 and PostgreSQL.
 */
abstract class AuthorisationContract {
    private static final Pattern PATH_PARAM = Pattern.compile("\\{[^}]+}");
    private static final String ROLES_SECTION = "## Roles";
    private static final Pattern DOC_ROW = Pattern.compile("^\\| `(GET|POST|PUT|DELETE) (/api/v1/\\S+)` \\| ([a-z, ]+) \\|");

    private TestServer server;
    private ApiClient admin;
    private final Map<Role, ApiClient> users = new EnumMap<>(Role.class);

    abstract StoreBackend backend();

    @BeforeEach
    void start() {
        server = TestServer.start(backend());
        admin = new ApiClient(server.baseUrl(), TestServer.ADMIN_TOKEN);
        users.put(Role.ADMIN, admin);
        for (Role role : List.of(Role.VENDOR, Role.OPERATOR, Role.APPROVER, Role.AUDITOR)) {
            Answer created = admin.postJson("/api/v1/users",
                    "{\"name\":\"%s-1\",\"role\":\"%s\"}".formatted(role.wireName(), role.wireName()));
            assertThat(created.status()).as(new String(created.body())).isEqualTo(201);
            users.put(role, admin.as(created.json().get("token").asText()));
        }
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void everyManagementEndpointRefusesMissingTokensAndRolesItDoesNotAllow() {
        List<ManagementEndpoint> endpoints = server.managementEndpoints();
        assertThat(endpoints).hasSizeGreaterThan(30).contains(
                new ManagementEndpoint("POST", "/api/v1/rollouts/{id}/approve", Set.of(Role.APPROVER)),
                new ManagementEndpoint("POST", "/api/v1/users", Set.of(Role.ADMIN)),
                new ManagementEndpoint("POST", "/api/v1/classes/{class}/signers", Set.of(Role.ADMIN)));
        ApiClient anonymous = admin.as(null);
        ApiClient stranger = admin.as("not-a-token-of-anyone-0123456789");
        for (ManagementEndpoint endpoint : endpoints) {
            String path = PATH_PARAM.matcher(endpoint.path()).replaceAll("1");
            String what = endpoint.method() + " " + endpoint.path();
            for (ApiClient nobody : List.of(anonymous, stranger)) {
                Answer refused = call(nobody, endpoint.method(), path);
                assertThat(refused.status()).as(what).isEqualTo(401);
                assertThat(refused.errorCode()).as(what).isEqualTo("auth.unauthenticated");
            }
            for (Role role : Role.values()) {
                Answer answer = call(users.get(role), endpoint.method(), path);
                if (endpoint.allows(role)) {
                    assertThat(answer.status()).as(what + " as " + role).isNotIn(401, 403);
                } else {
                    assertThat(answer.status()).as(what + " as " + role).isEqualTo(403);
                    assertThat(answer.errorCode()).isEqualTo("auth.forbidden");
                    assertThat(answer.json().get("message").asText()).as(what)
                            .contains(" needs ", "admin", role.wireName() + "-1 is " + role.wireName());
                }
            }
        }
    }

    @Test
    void rolesOutsideTheirTableAreRefusedEvenWithAValidBody() {
        // A vendor may upload releases, not start rollouts; an operator may not trust signing keys; an auditor changes
        // nothing: refused before the body is read, so nothing is stored.
        assertThat(users.get(Role.VENDOR).postJson("/api/v1/rollouts", "{\"releaseId\":1}").status()).isEqualTo(403);
        assertThat(users.get(Role.OPERATOR).postJson("/api/v1/classes/x/signers", "{\"publicKeyPem\":\"\"}")
                .json().get("message").asText())
                .isEqualTo("POST /api/v1/classes/x/signers needs the role admin; operator-1 is operator");
        assertThat(users.get(Role.AUDITOR).postJson("/api/v1/classes",
                "{\"name\":\"c\",\"vendorId\":\"%s\",\"classId\":\"%s\",\"components\":[\"app\"]}"
                        .formatted(UUID.randomUUID(), UUID.randomUUID())).status()).isEqualTo(403);
        assertThat(admin.get("/api/v1/classes").json().size()).isZero();
        assertThat(users.get(Role.AUDITOR).get("/api/v1/classes").status()).isEqualTo(200);
    }

    @Test
    void docsRoleTableListsEveryEndpointWithTheRolesItAllows() throws IOException {
        Map<String, String> documented = new LinkedHashMap<>();
        boolean inRoles = false;
        for (String line : Files.readAllLines(Path.of("..", "docs", "API.md"))) {
            if (line.startsWith("## ")) {
                inRoles = line.equals(ROLES_SECTION);
            }
            Matcher row = DOC_ROW.matcher(line);
            if (inRoles && row.find()) {
                documented.put(row.group(1) + " " + row.group(2), row.group(3).strip());
            }
        }
        Map<String, String> registered = new LinkedHashMap<>();
        for (ManagementEndpoint endpoint : server.managementEndpoints()) {
            registered.put(endpoint.method() + " " + endpoint.path(), Arrays.stream(Role.values())
                    .filter(endpoint::allows).map(Role::wireName).collect(Collectors.joining(", ")));
        }
        assertThat(documented).isEqualTo(registered);
    }

    private static Answer call(ApiClient client, String method, String path) {
        return switch (method) {
            case "GET" -> client.get(path);
            case "POST" -> client.postJson(path, "");
            case "PUT" -> client.put(path, BodyPublishers.noBody());
            case "DELETE" -> client.delete(path);
            default -> throw new IllegalArgumentException("no test call for " + method);
        };
    }
}
