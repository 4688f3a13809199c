package io.tossbill.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.tossbill.testing.ServerHttp;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Idempotency-Key with Stripe's semantics: a retried POST with the same key and body gets the first
 * answer and does nothing again; another body with the key is refused; a request while the first
 * runs gets 409; keys belong to the API key that used them and expire.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class IdempotencyIntegrationTests {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  @LocalServerPort int port;
  @Autowired JdbcClient jdbc;
  @Autowired ApiKeys apiKeys;

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void aRetryWithTheSameKeyAndBodyGetsTheFirstAnswerAndCreatesNothingMore() throws Exception {
    String key = UUID.randomUUID().toString();
    String body = customer("once");
    HttpResponse<String> first = post(ServerHttp.ADMIN_KEY, "/api/v1/customers", key, body);
    HttpResponse<String> again = post(ServerHttp.ADMIN_KEY, "/api/v1/customers", key, body);

    assertThat(first.statusCode()).isEqualTo(201);
    assertThat(again.statusCode()).isEqualTo(201);
    assertThat(again.body()).isEqualTo(first.body());
    assertThat(again.headers().firstValue("Location"))
        .isEqualTo(first.headers().firstValue("Location"));
    assertThat(again.headers().firstValue("Idempotent-Replayed")).contains("true");
    assertThat(first.headers().firstValue("Idempotent-Replayed")).isEmpty();
    assertThat(customers("once")).isEqualTo(1);

    // a refusal is an answer too: replayed, and still nothing created
    String bad = "{\"email\":\"not-an-email\"}";
    String badKey = UUID.randomUUID().toString();
    HttpResponse<String> refused = post(ServerHttp.ADMIN_KEY, "/api/v1/customers", badKey, bad);
    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(post(ServerHttp.ADMIN_KEY, "/api/v1/customers", badKey, bad).body())
        .isEqualTo(refused.body());
  }

  @Test
  void theSameKeyForAnotherRequestIsRefusedAndChangesNothing() throws Exception {
    String key = UUID.randomUUID().toString();
    assertThat(post(ServerHttp.ADMIN_KEY, "/api/v1/customers", key, customer("first")).statusCode())
        .isEqualTo(201);
    HttpResponse<String> other =
        post(ServerHttp.ADMIN_KEY, "/api/v1/customers", key, customer("second"));
    assertProblem(other, 422, "IDEMPOTENCY_KEY_REUSED");
    assertThat(customers("second")).isZero();

    assertProblem(
        post(ServerHttp.ADMIN_KEY, "/api/v1/customers", "with space", customer("x")),
        400,
        "INVALID_IDEMPOTENCY_KEY");
    assertProblem(
        post(ServerHttp.ADMIN_KEY, "/api/v1/customers", "k".repeat(256), customer("x")),
        400,
        "INVALID_IDEMPOTENCY_KEY");
  }

  @Test
  void aRequestWhileTheFirstRunsIsRefusedUntilItsNodeIsTakenToHaveDied() throws Exception {
    long adminKeyId = apiKeyId(ServerHttp.ADMIN_KEY);
    String key = UUID.randomUUID().toString();
    String body = customer("running");
    String fingerprint =
        jdbc.sql("select encode(sha256(convert_to(:text, 'UTF8')), 'hex')")
            .param("text", "POST /api/v1/customers?\n" + body)
            .query(String.class)
            .single();
    Instant now = Instant.now();
    // another node claimed the key and is still running it
    jdbc.sql(
            "insert into idempotency_key (api_key_id, key, fingerprint, state, created_at,"
                + " locked_until, expires_at) values (:id, :key, :fingerprint, 'RUNNING', :now,"
                + " :until, :expires)")
        .param("id", adminKeyId)
        .param("key", key)
        .param("fingerprint", fingerprint)
        .param("now", now.atOffset(ZoneOffset.UTC))
        .param("until", now.plus(2, ChronoUnit.MINUTES).atOffset(ZoneOffset.UTC))
        .param("expires", now.plus(1, ChronoUnit.DAYS).atOffset(ZoneOffset.UTC))
        .update();
    assertProblem(
        post(ServerHttp.ADMIN_KEY, "/api/v1/customers", key, body), 409, "IDEMPOTENCY_KEY_IN_USE");
    assertThat(customers("running")).isZero();

    // its lease passed: the node died, and the retry runs the request
    jdbc.sql("update idempotency_key set locked_until = :past where key = :key")
        .param("past", now.minusSeconds(1).atOffset(ZoneOffset.UTC))
        .param("key", key)
        .update();
    assertThat(post(ServerHttp.ADMIN_KEY, "/api/v1/customers", key, body).statusCode())
        .isEqualTo(201);
    assertThat(customers("running")).isEqualTo(1);
  }

  @Test
  void concurrentRetriesCreateOnceAndEachGetsTheAnswerOrA409() throws Exception {
    String key = UUID.randomUUID().toString();
    String body = customer("race");
    List<Callable<HttpResponse<String>>> calls = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      calls.add(() -> post(ServerHttp.ADMIN_KEY, "/api/v1/customers", key, body));
    }
    Set<String> created = new HashSet<>();
    try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
      for (Future<HttpResponse<String>> answer : pool.invokeAll(calls)) {
        HttpResponse<String> response = answer.get();
        assertThat(response.statusCode()).as(response.body()).isIn(201, 409);
        if (response.statusCode() == 201) {
          created.add(response.body());
        }
      }
    }
    assertThat(created).hasSize(1);
    assertThat(customers("race")).isEqualTo(1);
  }

  @Test
  void keysBelongToTheApiKeyThatUsedThemAndExpire() throws Exception {
    String otherKey = apiKeys.create("idempotency test", ApiKeyRole.MERCHANT).key();
    String key = UUID.randomUUID().toString();
    assertThat(post(ServerHttp.ADMIN_KEY, "/api/v1/customers", key, customer("mine")).statusCode())
        .isEqualTo(201);
    assertThat(post(otherKey, "/api/v1/customers", key, customer("mine")).statusCode())
        .isEqualTo(201);
    assertThat(customers("mine")).isEqualTo(2);

    // a day later the key is free again
    jdbc.sql("update idempotency_key set expires_at = now() - interval '1 second' where key = :key")
        .param("key", key)
        .update();
    assertThat(post(ServerHttp.ADMIN_KEY, "/api/v1/customers", key, customer("mine")).statusCode())
        .isEqualTo(201);
    assertThat(customers("mine")).isEqualTo(3);
    assertThat(
            jdbc.sql(
                    "select expires_at - created_at >= interval '24 hours' from idempotency_key"
                        + " where key = :key and api_key_id = :id")
                .param("key", key)
                .param("id", apiKeyId(ServerHttp.ADMIN_KEY))
                .query(Boolean.class)
                .single())
        .isTrue();
  }

  private static String customer(String tag) {
    return "{\"email\":\"" + tag + "@example.com\",\"name\":\"idem-" + tag + "\"}";
  }

  private long customers(String tag) {
    return jdbc.sql("select count(*) from customer where name = :name")
        .param("name", "idem-" + tag)
        .query(Long.class)
        .single();
  }

  private long apiKeyId(String key) {
    return apiKeys.authenticate(key).orElseThrow().id();
  }

  private static void assertProblem(HttpResponse<String> response, int status, String code) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    JsonNode problem = JSON.readTree(response.body());
    assertThat(problem.get("code").asString()).isEqualTo(code);
    assertThat(problem.get("field").asString()).isEqualTo("Idempotency-Key");
  }

  private HttpResponse<String> post(String apiKey, String path, @Nullable String key, String body)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .header("Authorization", "Bearer " + apiKey)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (key != null) {
      request.header("Idempotency-Key", key);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
