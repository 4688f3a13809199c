package io.tossbill;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
    Integer applied = jdbc.sql("select count(*) from flyway_schema_history where success").query(Integer.class).single();
    assertThat(applied).isGreaterThanOrEqualTo(1);
    assertThat(jdbc.sql("select to_regclass('event_publication') is not null").query(Boolean.class).single()).isTrue();
    assertThat(jdbc.sql("select to_regclass('scheduled_tasks') is not null").query(Boolean.class).single()).isTrue();
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
    HttpResponse<String> response = get("/api/does-not-exist");
    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.body()).doesNotContain("Exception").doesNotContain("at io.");
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
