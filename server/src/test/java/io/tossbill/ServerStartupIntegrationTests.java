package io.tossbill;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ServerStartupIntegrationTests {

  @LocalServerPort int port;
  @Autowired JdbcClient jdbc;

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void migratesAnEmptyDatabase() {
    Integer applied =
        jdbc.sql("select count(*) from flyway_schema_history where success")
            .query(Integer.class)
            .single();
    assertThat(applied).isGreaterThanOrEqualTo(1);
    assertThat(
            jdbc.sql("select to_regclass('event_publication') is not null")
                .query(Boolean.class)
                .single())
        .isTrue();
    assertThat(
            jdbc.sql("select to_regclass('scheduled_tasks') is not null")
                .query(Boolean.class)
                .single())
        .isTrue();
  }

  @Test
  void runsOnPostgresql17() {
    String version = jdbc.sql("show server_version").query(String.class).single();
    assertThat(version).startsWith("17.");
  }

  @Test
  void servesTheMountedSandboxCardWindowScript() throws Exception {
    HttpResponse<String> script = get("/toss-sandbox/v2/standard");
    assertThat(script.statusCode()).isEqualTo(200);
    assertThat(script.body()).contains("requestBillingAuth");
  }

  @Test
  void answersUnknownApiPathsWithProblemDetailsNotStackTraces() throws Exception {
    // outside /api/v1 everything is denied, so a stranger cannot even learn what exists
    HttpResponse<String> denied = get("/api/does-not-exist", null);
    assertThat(denied.statusCode()).isEqualTo(401);
    assertThat(denied.body())
        .contains("\"code\"")
        .doesNotContain("Exception")
        .doesNotContain("at io.");

    HttpResponse<String> missing = get("/api/v1/does-not-exist", "tb_test_admin_key");
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(missing.body())
        .contains("\"code\":\"NOT_FOUND\"")
        .doesNotContain("Exception")
        .doesNotContain("at io.");
  }

  @Test
  void speaksKoreanUnlessAskedForEnglish() throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/does-not-exist"))
            .header("Authorization", "Bearer tb_test_admin_key");
    HttpResponse<String> korean = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    assertThat(korean.body()).contains("\"detail\":\"요청한 주소를 찾을 수 없습니다.\"");

    HttpResponse<String> english =
        http.send(
            request.header("Accept-Language", "en-US").build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(english.body()).contains("\"detail\":\"Nothing is at this address.\"");
  }

  private HttpResponse<String> get(String path) throws Exception {
    return get(path, null);
  }

  private HttpResponse<String> get(String path, @Nullable String apiKey) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
    if (apiKey != null) {
      request.header("Authorization", "Bearer " + apiKey);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
