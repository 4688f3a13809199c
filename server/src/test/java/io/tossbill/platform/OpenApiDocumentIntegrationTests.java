package io.tossbill.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The OpenAPI document a merchant reads: a real title and version, the API key as a bearer scheme
 * ("Authorize" in the UI works), only the merchant API and the webhook endpoint (not the sandbox's
 * paths, which are Toss's), and creating calls documented as 201.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OpenApiDocumentIntegrationTests {

  @LocalServerPort int port;

  @Test
  void describesTheMerchantApiWithItsVersionBearerKeysAndTrueStatusCodes() throws Exception {
    HttpResponse<String> answer =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v3/api-docs"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(answer.statusCode()).isEqualTo(200);
    JsonNode doc = JsonMapper.builder().build().readTree(answer.body());

    assertThat(doc.get("info").get("title").asString()).isEqualTo("tossbill merchant API");
    assertThat(doc.get("info").get("version").asString()).matches("\\d+\\.\\d+\\.\\d+.*");
    JsonNode scheme = doc.get("components").get("securitySchemes").get("apiKey");
    assertThat(scheme.get("type").asString()).isEqualTo("http");
    assertThat(scheme.get("scheme").asString()).isEqualTo("bearer");
    assertThat(doc.get("security").get(0).has("apiKey")).isTrue();

    List<String> paths = new ArrayList<>();
    doc.get("paths").propertyNames().forEach(paths::add);
    assertThat(paths).contains("/api/v1/subscriptions", "/api/v1/customers", "/webhooks/toss");
    assertThat(paths).allMatch(p -> p.startsWith("/api/") || p.startsWith("/webhooks/"));
    for (String created :
        List.of(
            "/api/v1/customers",
            "/api/v1/plans",
            "/api/v1/subscriptions",
            "/api/v1/admin/api-keys")) {
      assertThat(doc.get("paths").get(created).get("post").get("responses").has("201"))
          .as("POST %s documents 201", created)
          .isTrue();
    }
  }
}
