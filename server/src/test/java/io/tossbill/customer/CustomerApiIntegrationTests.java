package io.tossbill.customer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tossbill.testing.EventRecorder;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Customers as a merchant's app keeps them in step with its own users: by the merchant's own id
 * (one live customer per id), in the customer's language, changed in place, listed a page at a time
 * without gaps or repeats.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class CustomerApiIntegrationTests {

  private static final String ADMIN_KEY = "tb_test_admin_key";
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @LocalServerPort int port;
  @Autowired JdbcClient jdbc;
  @Autowired ConfigurableApplicationContext context;

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void aCustomerHasTheMerchantsIdOnceAmongLiveCustomersAndALanguage() throws Exception {
    String externalId = "user-" + UUID.randomUUID();
    JsonNode created =
        body(
            send(
                "POST",
                "/api/v1/customers",
                "{\"email\":\"en@example.com\",\"externalId\":\""
                    + externalId
                    + "\",\"locale\":\"en\"}"),
            201);
    assertThat(created.get("locale").asString()).isEqualTo("en");
    assertThat(
            body(
                    send(
                        "POST",
                        "/api/v1/customers",
                        "{\"email\":\"ko@example.com\",\"name\":\"김\"}"),
                    201)
                .get("locale")
                .asString())
        .isEqualTo("ko");

    HttpResponse<String> twice =
        send(
            "POST",
            "/api/v1/customers",
            "{\"email\":\"b@example.com\",\"externalId\":\"" + externalId + "\"}");
    assertRefused(twice, 409, "EXTERNAL_ID_TAKEN", "externalId");
    assertRefused(
        send("POST", "/api/v1/customers", "{\"email\":\"c@example.com\",\"locale\":\"ja\"}"),
        400,
        "INVALID_LOCALE",
        "locale");

    // a customer who left frees the id for a new one
    long id = created.get("id").asLong();
    assertThat(send("DELETE", "/api/v1/customers/" + id, null).statusCode()).isEqualTo(204);
    JsonNode again =
        body(
            send(
                "POST",
                "/api/v1/customers",
                "{\"email\":\"new@example.com\",\"externalId\":\"" + externalId + "\"}"),
            201);
    assertThat(again.get("id").asLong()).isNotEqualTo(id);
  }

  @Test
  void theDatabaseHoldsOneLiveCustomerPerExternalId() {
    String externalId = "db-" + UUID.randomUUID();
    String insert =
        "insert into customer (customer_key, email, external_id, created_at)"
            + " values (:key, 'x@example.com', :externalId, now())";
    jdbc.sql(insert).param("key", key()).param("externalId", externalId).update();
    assertThatThrownBy(
            () -> jdbc.sql(insert).param("key", key()).param("externalId", externalId).update())
        .isInstanceOf(DuplicateKeyException.class);
  }

  @Test
  void changesOnlyTheFieldsGivenAndSaysSo() throws Exception {
    JsonNode customer =
        body(
            send(
                "POST",
                "/api/v1/customers",
                "{\"email\":\"old@example.com\",\"name\":\"옛 이름\",\"externalId\":\"x-"
                    + UUID.randomUUID()
                    + "\"}"),
            201);
    long id = customer.get("id").asLong();
    try (EventRecorder events = EventRecorder.listenTo(context)) {
      JsonNode changed =
          body(
              send(
                  "PATCH",
                  "/api/v1/customers/" + id,
                  "{\"email\":\"new@example.com\",\"locale\":\"en\",\"externalId\":\"\"}"),
              200);
      assertThat(changed.get("email").asString()).isEqualTo("new@example.com");
      assertThat(changed.get("name").asString()).isEqualTo("옛 이름");
      assertThat(changed.get("locale").asString()).isEqualTo("en");
      assertThat(changed.get("externalId").isNull()).isTrue();
      assertThat(events.of(CustomerUpdated.class))
          .containsExactly(new CustomerUpdated(new CustomerId(id)));
    }
    assertRefused(
        send("PATCH", "/api/v1/customers/" + id, "{\"email\":\"\"}"),
        400,
        "EMAIL_REQUIRED",
        "email");
    assertRefused(
        send("PATCH", "/api/v1/customers/987654321", "{}"), 404, "CUSTOMER_NOT_FOUND", null);
    assertThat(body(send("GET", "/api/v1/customers/" + id, null), 200).get("email").asString())
        .isEqualTo("new@example.com");
  }

  @Test
  void listsNewestFirstAPageAtATimeWithoutGapsOrRepeats() throws Exception {
    String tag = UUID.randomUUID().toString().substring(0, 8);
    Instant from = Instant.now().minusSeconds(1);
    List<Long> made = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      made.add(
          body(
                  send(
                      "POST",
                      "/api/v1/customers",
                      "{\"email\":\"page-" + tag + "-" + i + "@example.com\"}"),
                  201)
              .get("id")
              .asLong());
    }
    List<Long> seen = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      String path =
          "/api/v1/customers?limit=3&createdFrom="
              + URLEncoder.encode(from.toString(), StandardCharsets.UTF_8)
              + (cursor == null ? "" : "&cursor=" + cursor);
      JsonNode page = body(send("GET", path, null), 200);
      page.get("data").forEach(c -> seen.add(c.get("id").asLong()));
      cursor = page.get("hasMore").asBoolean() ? page.get("nextCursor").asString() : null;
      if (pages == 0) {
        // a customer made after the first page comes before it, never into a later page
        send("POST", "/api/v1/customers", "{\"email\":\"late-" + tag + "@example.com\"}");
      }
      pages++;
    } while (cursor != null && pages < 10);

    assertThat(seen).containsSubsequence(made.reversed()).doesNotHaveDuplicates();
    assertThat(seen).isSortedAccordingTo((a, b) -> Long.compare(b, a));

    JsonNode byEmail =
        body(send("GET", "/api/v1/customers?email=PAGE-" + tag + "-3@EXAMPLE.COM", null), 200);
    assertThat(byEmail.get("data")).hasSize(1);
    assertThat(byEmail.get("hasMore").asBoolean()).isFalse();

    assertRefused(send("GET", "/api/v1/customers?limit=0", null), 400, "INVALID_LIMIT", "limit");
    assertRefused(send("GET", "/api/v1/customers?limit=101", null), 400, "INVALID_LIMIT", "limit");
    assertRefused(
        send("GET", "/api/v1/customers?cursor=c1_bm9wZQ", null), 400, "INVALID_CURSOR", "cursor");
    assertRefused(
        send("GET", "/api/v1/customers?cursor=42", null), 400, "INVALID_CURSOR", "cursor");
  }

  private static String key() {
    return UUID.randomUUID().toString().replace("-", "");
  }

  private static JsonNode body(HttpResponse<String> response, int status) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    return JSON.readTree(response.body());
  }

  private static void assertRefused(
      HttpResponse<String> response, int status, String code, @Nullable String field) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    JsonNode problem = JSON.readTree(response.body());
    assertThat(problem.get("code").asString()).isEqualTo(code);
    if (field != null) {
      assertThat(problem.get("field").asString()).isEqualTo(field);
    }
  }

  private HttpResponse<String> send(String method, String path, @Nullable String body)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .header("Authorization", "Bearer " + ADMIN_KEY)
            .header("Content-Type", "application/json")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
