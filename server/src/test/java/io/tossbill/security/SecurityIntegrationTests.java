package io.tossbill.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SecurityIntegrationTests {

  private static final String ADMIN_KEY = "tb_test_admin_key";
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @LocalServerPort int port;
  @Autowired JdbcClient jdbc;
  @Autowired AdminUsers adminUsers;

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void refusesTheMerchantApiWithoutAKeyWithProblemJson() throws Exception {
    HttpResponse<String> none = send("GET", "/api/v1/plans", null, null);
    assertProblem(none, 401, "UNAUTHORIZED");
    assertThat(none.headers().firstValue("Content-Type"))
        .get()
        .asString()
        .contains("application/problem+json");
    JsonNode korean = JSON.readTree(none.body());
    assertThat(korean.get("detail").asString()).isEqualTo(korean.get("message_ko").asString());
    HttpResponse<String> english =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/plans"))
                .header("Accept-Language", "en")
                .build(),
            HttpResponse.BodyHandlers.ofString());
    JsonNode englishBody = JSON.readTree(english.body());
    assertThat(englishBody.get("detail").asString())
        .isEqualTo(englishBody.get("message_en").asString());

    assertProblem(
        send("GET", "/api/v1/plans", "tb_test_not_a_real_key_0000000000000", null),
        401,
        "UNAUTHORIZED");
    assertProblem(send("POST", "/api/v1/customers", null, "{}"), 401, "UNAUTHORIZED");
    assertProblem(send("GET", "/api/v1/admin/api-keys", null, null), 401, "UNAUTHORIZED");
  }

  @Test
  void everyApiAnswerCarriesTheSecurityHeaders() throws Exception {
    for (HttpResponse<String> answer :
        List.of(
            send("GET", "/api/v1/plans", ADMIN_KEY, null),
            send("GET", "/api/v1/plans", null, null),
            send("GET", "/api/v1/admin/api-keys", createKey("headers", "MERCHANT"), null),
            send("GET", "/api/v1/customers/999999999/entitlements", ADMIN_KEY, null),
            send("GET", "/api/v1/no-such-route", ADMIN_KEY, null))) {
      assertThat(answer.statusCode()).isIn(200, 401, 403, 404);
      assertThat(answer.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
      assertThat(answer.headers().firstValue("X-Frame-Options")).hasValue("DENY");
      assertThat(answer.headers().firstValue("Cache-Control"))
          .get()
          .asString()
          .contains("no-store");
    }
  }

  @Test
  void theBootstrapAdminKeyWorksEverywhere() throws Exception {
    assertThat(send("GET", "/api/v1/plans", ADMIN_KEY, null).statusCode()).isEqualTo(200);
    assertThat(send("GET", "/api/v1/admin/api-keys", ADMIN_KEY, null).statusCode()).isEqualTo(200);
  }

  @Test
  void aMerchantKeyUsesTheApiButNotTheAdminApi() throws Exception {
    String merchantKey = createKey("shop", "MERCHANT");
    assertThat(merchantKey).startsWith("tb_test_").hasSize("tb_test_".length() + 32);

    assertThat(send("GET", "/api/v1/plans", merchantKey, null).statusCode()).isEqualTo(200);
    assertProblem(send("GET", "/api/v1/admin/api-keys", merchantKey, null), 403, "FORBIDDEN");
    assertProblem(
        send("POST", "/api/v1/admin/api-keys", merchantKey, "{\"name\":\"x\",\"role\":\"ADMIN\"}"),
        403,
        "FORBIDDEN");
  }

  @Test
  void aRevokedKeyIsRefused() throws Exception {
    HttpResponse<String> created =
        send(
            "POST",
            "/api/v1/admin/api-keys",
            ADMIN_KEY,
            "{\"name\":\"soon revoked\",\"role\":\"MERCHANT\"}");
    JsonNode body = JSON.readTree(created.body());
    String key = body.get("key").asString();
    long id = body.get("apiKey").get("id").asLong();
    assertThat(send("GET", "/api/v1/plans", key, null).statusCode()).isEqualTo(200);

    HttpResponse<String> revoked =
        send("POST", "/api/v1/admin/api-keys/" + id + "/revoke", ADMIN_KEY, null);
    assertThat(revoked.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(revoked.body()).get("revokedAt").isNull()).isFalse();

    assertProblem(send("GET", "/api/v1/plans", key, null), 401, "UNAUTHORIZED");
  }

  @Test
  void aKeyRevokedOnAnotherNodeStopsWorkingHereWithinTheKeyCacheTime() throws Exception {
    HttpResponse<String> created =
        send(
            "POST",
            "/api/v1/admin/api-keys",
            ADMIN_KEY,
            "{\"name\":\"revoked elsewhere\",\"role\":\"MERCHANT\"}");
    JsonNode body = JSON.readTree(created.body());
    String key = body.get("key").asString();
    long id = body.get("apiKey").get("id").asLong();
    assertThat(send("GET", "/api/v1/plans", key, null).statusCode()).isEqualTo(200);

    // another node revokes it: this node learns only from the database, after its 10 s at most
    jdbc.sql("update api_key set revoked_at = now() where id = :id").param("id", id).update();
    await()
        .atMost(Duration.ofSeconds(15))
        .pollInterval(Duration.ofMillis(250))
        .until(() -> send("GET", "/api/v1/plans", key, null).statusCode() == 401);
    assertProblem(send("GET", "/api/v1/plans", key, null), 401, "UNAUTHORIZED");
  }

  @Test
  void storesApiKeysOnlyAsHashes() throws Exception {
    String key = createKey("hashed", "MERCHANT");
    String keys =
        jdbc.sql("select string_agg(name || prefix || hash, ' ') from api_key")
            .query(String.class)
            .single();
    assertThat(keys)
        .doesNotContain(key)
        .doesNotContain(ADMIN_KEY)
        .contains(ApiKeys.hash(key), ApiKeys.hash(ADMIN_KEY));

    HttpResponse<String> list = send("GET", "/api/v1/admin/api-keys", ADMIN_KEY, null);
    assertThat(list.body())
        .doesNotContain(key)
        .doesNotContain(ApiKeys.hash(key))
        .contains(key.substring(0, 12));
  }

  @Test
  void storesTheAdminUserPasswordAsADelegatingHash() {
    String hash =
        jdbc.sql("select password_hash from admin_user where username = 'admin'")
            .query(String.class)
            .single();
    assertThat(hash).startsWith("{bcrypt}").doesNotContain("tb_test_admin_password");
    assertThat(adminUsers.matches("admin", "tb_test_admin_password")).isTrue();
    assertThat(adminUsers.matches("admin", "wrong")).isFalse();
  }

  @Test
  void leavesWebhooksTheSandboxAndHealthOpen() throws Exception {
    assertThat(send("GET", "/actuator/health", null, null).statusCode()).isEqualTo(200);
    assertThat(send("GET", "/toss-sandbox/v2/standard", null, null).statusCode()).isEqualTo(200);
    assertThat(send("GET", "/v3/api-docs", null, null).statusCode()).isEqualTo(200);
    assertThat(send("POST", "/webhooks/toss", null, "{}").statusCode()).isNotIn(401, 403);
    assertProblem(send("GET", "/actuator/metrics", null, null), 401, "UNAUTHORIZED");
  }

  @Test
  void deniesEveryApiPathOutsideTheVersionedApi() throws Exception {
    assertProblem(send("GET", "/api/internal/anything", null, null), 401, "UNAUTHORIZED");
    assertProblem(send("GET", "/api/internal/anything", ADMIN_KEY, null), 403, "FORBIDDEN");
    assertProblem(send("POST", "/api/v2/plans", ADMIN_KEY, "{}"), 403, "FORBIDDEN");
  }

  @Test
  void refusesAControlCharacterInAnApiKeyName() throws Exception {
    assertProblem(
        send(
            "POST",
            "/api/v1/admin/api-keys",
            ADMIN_KEY,
            "{\"name\":\"ci\\u0000\",\"role\":\"MERCHANT\"}"),
        400,
        "INVALID_REQUEST");
  }

  private String createKey(String name, String role) throws Exception {
    HttpResponse<String> created =
        send(
            "POST",
            "/api/v1/admin/api-keys",
            ADMIN_KEY,
            "{\"name\":\"" + name + "\",\"role\":\"" + role + "\"}");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    return JSON.readTree(created.body()).get("key").asString();
  }

  private static void assertProblem(HttpResponse<String> response, int status, String code) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    JsonNode body = JSON.readTree(response.body());
    assertThat(body.get("code").asString()).isEqualTo(code);
    assertThat(body.get("title").asString()).isEqualTo(code);
    assertThat(body.get("status").asInt()).isEqualTo(status);
    assertThat(body.get("message_ko").asString()).isNotBlank();
    assertThat(body.get("message_en").asString()).isNotBlank();
    assertThat(body.get("detail").asString()).isNotBlank();
  }

  private HttpResponse<String> send(
      String method, String path, @Nullable String key, @Nullable String body) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .header("Content-Type", "application/json")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (key != null) {
      request.header("Authorization", "Bearer " + key);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
