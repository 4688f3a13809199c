package io.tossbill.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tossbill.customer.Cards;
import io.tossbill.customer.CustomerId;
import io.tossbill.customer.Customers;
import io.tossbill.testclock.TestClock;
import io.tossbill.testing.TestEmails;
import io.tossbill.testing.TestSandbox;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Plans, customers, cards through the sandbox window, HTTP calls and the sandbox ledger for billing
 * tests.
 */
final class BillingFixture {

  static final String ADMIN_KEY = "tb_test_admin_key";
  static final String GOOD_CARD = "4330123412341234";
  static final String SOFT_DECLINE_CARD = "4000000000000201";
  static final String HARD_DECLINE_CARD = "4000000000000202";
  static final String HANG_AFTER_CHARGE_CARD = "4000000000000302";
  static final JsonMapper JSON = JsonMapper.builder().build();

  private final int port;
  private final Customers customers;
  private final Cards cards;
  private final TestClock clock;
  private final JdbcClient jdbc;
  private final HttpClient http = HttpClient.newHttpClient();

  BillingFixture(int port, Customers customers, Cards cards, TestClock clock, JdbcClient jdbc) {
    this.port = port;
    this.customers = customers;
    this.cards = cards;
    this.clock = clock;
    this.jdbc = jdbc;
  }

  /** A plan created through the API; returns its id. */
  long plan(
      String name, long price, String unit, int count, int trialDays, boolean accessDuringGrace) {
    String code = "p-" + UUID.randomUUID().toString().substring(0, 8);
    HttpResponse<String> created =
        send(
            "POST",
            "/api/v1/plans",
            """
        {"code":"%s","name":"%s","price":%d,"interval":{"unit":"%s","count":%d},"trialDays":%d,
         "accessDuringGrace":%s}
        """
                .formatted(code, name, price, unit, count, trialDays, accessDuringGrace));
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    return json(created).get("id").asLong();
  }

  long monthlyPlan(String name, long price) {
    return plan(name, price, "MONTH", 1, 0, false);
  }

  /**
   * A customer whose own clock is at {@code now}, with a card registered through the sandbox
   * window.
   */
  CustomerId customerAt(String now, String cardNumber) {
    CustomerId id = customers.create(TestEmails.next(), "테스트 고객", null).id();
    moveTo(id, now);
    registerCard(id, cardNumber);
    return id;
  }

  void moveTo(CustomerId id, String instant) {
    clock.advanceTo(id, OffsetDateTime.parse(instant).toInstant());
  }

  Instant now(CustomerId id) {
    return clock.now(id);
  }

  void registerCard(CustomerId id, String cardNumber) {
    String customerKey = customers.require(id).customerKey();
    Map<String, String> window = authorizeInWindow(customerKey, cardNumber);
    cards.registerCard(id, window.get("authKey"), window.get("customerKey"));
    // The subscriptions' reaction to the new card is asynchronous (outbox): let it finish first.
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                jdbc.sql(
                            """
            select count(*) from event_publication
            where completion_date is null and event_type like '%CardRegistered' and listener_id like '%subscription%'
            """)
                        .query(Long.class)
                        .single()
                    == 0);
  }

  /** The successUrl query the sandbox's card window redirects to: customerKey and authKey. */
  private Map<String, String> authorizeInWindow(String customerKey, String cardNumber) {
    String base = "http://127.0.0.1:" + port;
    String query =
        form(
            Map.of(
                "clientKey",
                TestSandbox.CLIENT_KEY,
                "customerKey",
                customerKey,
                "successUrl",
                base + "/billing/success",
                "failUrl",
                base + "/billing/fail"));
    HttpResponse<String> page =
        raw(
            HttpRequest.newBuilder(
                    URI.create(base + "/toss-sandbox/_sandbox/billing-auth?" + query))
                .build());
    assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
    Map<String, String> fields = new LinkedHashMap<>();
    Matcher hidden =
        Pattern.compile("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\">")
            .matcher(page.body());
    while (hidden.find()) {
      fields.put(hidden.group(1), unescape(hidden.group(2)));
    }
    Matcher action =
        Pattern.compile("<form method=\"post\" action=\"([^\"]+)\"").matcher(page.body());
    assertThat(action.find()).isTrue();
    fields.put("cardNumber", cardNumber);
    fields.put("expiry", "12/45");
    fields.put("identity", "900101");
    fields.put("agree", "true");
    fields.put("action", "register");
    HttpResponse<String> submitted =
        raw(
            HttpRequest.newBuilder(URI.create(base + unescape(action.group(1))))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(fields)))
                .build());
    assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(303);
    URI success = URI.create(submitted.headers().firstValue("Location").orElseThrow());
    assertThat(success.getPath()).isEqualTo("/billing/success");
    return Arrays.stream(success.getRawQuery().split("&"))
        .map(p -> p.split("=", 2))
        .collect(Collectors.toMap(p -> p[0], p -> URLDecoder.decode(p[1], StandardCharsets.UTF_8)));
  }

  /** The sandbox's ledger entries (charges and cancels) for these orderIds. */
  List<JsonNode> ledger(java.util.Collection<String> orderIds) {
    HttpResponse<String> response =
        raw(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/toss-sandbox/_sandbox/ledger"))
                .header("Authorization", TestSandbox.basicAuth())
                .build());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return StreamSupport.stream(json(response).spliterator(), false)
        .filter(e -> orderIds.contains(e.get("orderId").asString()))
        .toList();
  }

  HttpResponse<String> send(String method, String path, @Nullable String body) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .header(
                "Authorization",
                // the mounted sandbox takes its own secret key, like Toss; the API an admin key
                path.startsWith("/toss-sandbox/") ? TestSandbox.basicAuth() : "Bearer " + ADMIN_KEY)
            .header("Content-Type", "application/json");
    request.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    return raw(request.build());
  }

  JsonNode ok(String method, String path, @Nullable String body) {
    HttpResponse<String> response = send(method, path, body);
    assertThat(response.statusCode())
        .as(method + " " + path + ": " + response.body())
        .isBetween(200, 201);
    return json(response);
  }

  static void assertRefused(HttpResponse<String> response, int status, String code) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    JsonNode body = json(response);
    assertThat(body.has("code")).as(response.body()).isTrue();
    assertThat(body.get("code").asString()).isEqualTo(code);
    assertThat(body.get("message_ko").asString()).isNotBlank();
    assertThat(body.get("message_en").asString()).isNotBlank();
  }

  static JsonNode json(HttpResponse<String> response) {
    return JSON.readTree(response.body());
  }

  private HttpResponse<String> raw(HttpRequest request) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static String form(Map<String, String> fields) {
    return fields.entrySet().stream()
        .map(
            e ->
                URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                    + "="
                    + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
  }

  private static String unescape(String html) {
    return html.replace("&amp;", "&")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">");
  }
}
