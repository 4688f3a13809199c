package io.tossbill.customer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.tossbill.gateway.PaymentGateway;
import io.tossbill.platform.ApiException;
import io.tossbill.testing.EventRecorder;
import io.tossbill.testing.TestEmails;
import io.tossbill.toss.Billing;
import io.tossbill.toss.IdempotencyKey;
import io.tossbill.toss.TossApiException;
import io.tossbill.webhook.TossBillingKeyDeleted;
import io.tossbill.webhook.TossWebhookLog;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class CustomerIntegrationTests {

  private static final String ADMIN_KEY = "tb_test_admin_key";
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Pattern TOSS_CUSTOMER_KEY = Pattern.compile("^[a-zA-Z0-9\\-_=.@]{2,300}$");
  private static final Duration WAIT = Duration.ofSeconds(20);

  @LocalServerPort int port;
  @Autowired Cards cards;
  @Autowired Customers customers;
  @Autowired CardService cardService;
  @Autowired BillingKeyCipher cipher;
  @Autowired JdbcClient jdbc;
  @Autowired ApplicationEventPublisher publisher;
  @Autowired TransactionTemplate transactions;
  @Autowired ConfigurableApplicationContext context;
  @Autowired PaymentGateway gateway;
  @Autowired CustomerService customerService;
  @Autowired CardStore cardStore;
  @Autowired CustomerProperties customerProperties;
  @Autowired TossWebhookLog webhookLog;

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void givesEachCustomerARandomUniqueCustomerKeyForLife() throws Exception {
    Set<String> keys = new HashSet<>();
    for (int i = 0; i < 30; i++) {
      keys.add(customers.create(TestEmails.next(), null, null).customerKey());
    }
    assertThat(keys)
        .hasSize(30)
        .allSatisfy(
            key -> {
              assertThat(key).matches(TOSS_CUSTOMER_KEY).hasSize(32);
            });

    JsonNode created = createCustomer("kim@example.com", "김토스", "user-" + UUID.randomUUID());
    long id = created.get("id").asLong();
    String key = created.get("customerKey").asString();
    assertThat(get("/api/v1/customers/" + id).get("customerKey").asString()).isEqualTo(key);
    assertThat(customers.require(new CustomerId(id)).customerKey()).isEqualTo(key);
    assertThat(customers.findByCustomerKey(key))
        .get()
        .extracting(Customer::id)
        .isEqualTo(new CustomerId(id));

    registerCardThroughTheWindow(id, key, "4330123412341234");
    assertThat(get("/api/v1/customers/" + id).get("customerKey").asString()).isEqualTo(key);
  }

  @Test
  void findsCustomersByExternalIdAndRefusesBadInput() throws Exception {
    String externalId = "user-" + UUID.randomUUID();
    long id = createCustomer("lee@example.com", "이결제", externalId).get("id").asLong();
    JsonNode found =
        JSON.readTree(send("GET", "/api/v1/customers?externalId=" + externalId, null).body());
    assertThat(found.get("data")).hasSize(1);
    assertThat(found.get("data").get(0).get("id").asLong()).isEqualTo(id);

    long before = jdbc.sql("select count(*) from customer").query(Long.class).single();
    assertRefused(
        send("POST", "/api/v1/customers", "{\"email\":\"not-an-email\"}"), 400, "INVALID_EMAIL");
    assertRefused(
        send(
            "POST",
            "/api/v1/customers",
            "{\"email\":\"lee2@example.com\",\"name\":\"" + "가".repeat(101) + "\"}"),
        400,
        "INVALID_NAME");
    // an email address is what a customer needs: receipts, notices and consent requests go there
    assertRefused(send("POST", "/api/v1/customers", "{}"), 400, "EMAIL_REQUIRED");
    assertRefused(send("POST", "/api/v1/customers", "{\"name\":\"이름만\"}"), 400, "EMAIL_REQUIRED");
    assertRefused(send("POST", "/api/v1/customers", "{\"email\":\"  \"}"), 400, "EMAIL_REQUIRED");
    assertRefused(
        send("POST", "/api/v1/customers", "{\"email\":\"" + "a".repeat(95) + "@x.com\"}"),
        400,
        "INVALID_EMAIL");
    assertRefused(send("GET", "/api/v1/customers/987654321", null), 404, "CUSTOMER_NOT_FOUND");
    assertRefused(send("POST", "/api/v1/customers/" + id + "/cards", "{}"), 400, "INVALID_REQUEST");
    assertThat(jdbc.sql("select count(*) from customer").query(Long.class).single())
        .isEqualTo(before);
  }

  @Test
  void registersACardThroughTheSandboxWindowAndStoresTheBillingKeyEncrypted() throws Exception {
    JsonNode customer = createCustomer("park@example.com", "박카드", null);
    long id = customer.get("id").asLong();
    String customerKey = customer.get("customerKey").asString();

    JsonNode window = get("/api/v1/customers/" + id + "/card-window");
    assertThat(window.get("customerKey").asString()).isEqualTo(customerKey);
    assertThat(window.get("clientKey").asString()).startsWith("test_ck_");
    assertThat(window.get("scriptUrl").asString()).endsWith("/toss-sandbox/v2/standard");

    JsonNode summary = registerCardThroughTheWindow(id, customerKey, "4330123412341234");
    assertThat(summary.get("maskedNumber").asString())
        .contains("*")
        .doesNotContain("4330123412341234");
    assertThat(summary.get("issuerName").asString()).isNotBlank();
    assertThat(get("/api/v1/customers/" + id).get("card").get("maskedNumber").asString())
        .isEqualTo(summary.get("maskedNumber").asString());

    ChargeableCard card = cards.chargeableCard(new CustomerId(id)).orElseThrow();
    assertThat(card.customerKey()).isEqualTo(customerKey);
    String stored =
        jdbc.sql("select billing_key from card where id = :id")
            .param("id", card.id().value())
            .query(String.class)
            .single();
    assertThat(stored)
        .isNotEqualTo(card.billingKey())
        .doesNotContain(card.billingKey())
        .startsWith("test1:");
    assertThat(cipher.decrypt(stored)).isEqualTo(card.billingKey());
    String hash =
        jdbc.sql("select billing_key_hash from card where id = :id")
            .param("id", card.id().value())
            .query(String.class)
            .single();
    assertThat(hash).isEqualTo(cipher.hash(card.billingKey())).doesNotContain(card.billingKey());
    assertThat(card.toString()).doesNotContain(card.billingKey());
  }

  @Test
  void refusesAMismatchedCustomerKeyAndStoresNothing() throws Exception {
    JsonNode alice = createCustomer("alice@example.com", "앨리스", null);
    JsonNode bob = createCustomer("bob@example.com", "밥", null);
    long aliceId = alice.get("id").asLong();
    String aliceKey = alice.get("customerKey").asString();
    String bobKey = bob.get("customerKey").asString();

    Map<String, String> bobsWindow = authorizeInWindow(bobKey, "4330123412341234");
    HttpResponse<String> claimedAsBob =
        send(
            "POST",
            "/api/v1/customers/" + aliceId + "/cards",
            "{\"authKey\":\""
                + bobsWindow.get("authKey")
                + "\",\"customerKey\":\""
                + bobKey
                + "\"}");
    assertRefused(claimedAsBob, 400, "CUSTOMER_KEY_MISMATCH");

    HttpResponse<String> claimedAsAlice =
        send(
            "POST",
            "/api/v1/customers/" + aliceId + "/cards",
            "{\"authKey\":\""
                + bobsWindow.get("authKey")
                + "\",\"customerKey\":\""
                + aliceKey
                + "\"}");
    assertThat(claimedAsAlice.statusCode()).as(claimedAsAlice.body()).isBetween(400, 499);

    assertThat(cardRows(aliceId)).isZero();
    assertThat(cards.currentCard(new CustomerId(aliceId))).isEmpty();
  }

  @Test
  void replacingACardMakesTheNewOneCurrentAndDeletesTheOldKeyAtToss() throws Exception {
    JsonNode customer = createCustomer("choi@example.com", "최교체", null);
    long id = customer.get("id").asLong();
    String customerKey = customer.get("customerKey").asString();
    CustomerId customerId = new CustomerId(id);

    registerCardThroughTheWindow(id, customerKey, "4330123412341234");
    CardId first = cards.chargeableCard(customerId).orElseThrow().id();
    try (EventRecorder events = EventRecorder.listenTo(context)) {
      registerCardThroughTheWindow(id, customerKey, "5365100012345678");
      CardId second = cards.chargeableCard(customerId).orElseThrow().id();

      assertThat(second).isNotEqualTo(first);
      assertThat(status(first)).isEqualTo("REPLACED");
      assertThat(status(second)).isEqualTo("CURRENT");
      assertThat(events.of(CardRegistered.class))
          .filteredOn(e -> e.customerId().equals(customerId))
          .containsExactly(new CardRegistered(customerId, second, first));
    }
    await()
        .atMost(WAIT)
        .until(
            () ->
                jdbc.sql("select toss_key_deleted_at is not null from card where id = :id")
                    .param("id", first.value())
                    .query(Boolean.class)
                    .single());
    assertThat(cardRows(id)).isEqualTo(2);
  }

  @Test
  void aBillingKeyDeletedAtTossMakesTheCardUnusableExactlyOnce() throws Exception {
    JsonNode customer = createCustomer("jung@example.com", "정삭제", null);
    long id = customer.get("id").asLong();
    CustomerId customerId = new CustomerId(id);
    registerCardThroughTheWindow(id, customer.get("customerKey").asString(), "4330123412341234");
    ChargeableCard card = cards.chargeableCard(customerId).orElseThrow();

    String firstDelivery = "tx-" + UUID.randomUUID();
    String secondDelivery = "tx-" + UUID.randomUUID();
    try (EventRecorder events = EventRecorder.listenTo(context)) {
      // as Toss sends it (twice, as two transmissions): the event carries the key masked, and the
      // listener reads the key from the stored delivery
      deliverBillingDeleted(firstDelivery, card.billingKey());
      deliverBillingDeleted(secondDelivery, card.billingKey());

      await().atMost(WAIT).until(() -> handled(firstDelivery) && handled(secondDelivery));
      assertThat(status(card.id())).isEqualTo("DELETED_AT_TOSS");
      assertThat(cards.chargeableCard(customerId)).isEmpty();
      assertThat(cards.currentCard(customerId)).isEmpty();
      assertThat(events.of(CardBecameUnusable.class))
          .filteredOn(e -> e.customerId().equals(customerId))
          .containsExactly(new CardBecameUnusable(customerId, card.id(), "BILLING_DELETED"));
    }
  }

  @Test
  void aForgedEventWithoutAStoredDeliveryChangesNoCard() throws Exception {
    JsonNode customer = createCustomer("seo@example.com", "서위조", null);
    long id = customer.get("id").asLong();
    registerCardThroughTheWindow(id, customer.get("customerKey").asString(), "4330123412341234");
    ChargeableCard card = cards.chargeableCard(new CustomerId(id)).orElseThrow();
    String transmissionId = "tx-" + UUID.randomUUID();

    publish(new TossBillingKeyDeleted(transmissionId, "****", "삭제 API 요청"));

    await().atMost(WAIT).until(() -> handled(transmissionId));
    assertThat(status(card.id())).isEqualTo("CURRENT");
  }

  @Test
  void deletesAtTossAKeyIssuedForACustomerDeletedMeanwhile() throws Exception {
    JsonNode customer = createCustomer("yoon@example.com", "윤경합", null);
    long id = customer.get("id").asLong();
    CustomerId customerId = new CustomerId(id);
    Map<String, String> window =
        authorizeInWindow(customer.get("customerKey").asString(), "4330123412341234");
    List<String> deletedAtToss = new CopyOnWriteArrayList<>();
    String[] issued = new String[1];
    PaymentGateway racing =
        new ForwardingGateway(gateway) {
          @Override
          public Billing issueBillingKey(
              String authKey, String customerKey, IdempotencyKey idempotencyKey) {
            Billing billing = super.issueBillingKey(authKey, customerKey, idempotencyKey);
            issued[0] = billing.billingKey();
            cardService.deleteCustomer(
                customerId, List.of()); // the customer leaves while Toss answers
            return billing;
          }

          @Override
          public void deleteBillingKey(String billingKey) {
            deletedAtToss.add(billingKey);
            super.deleteBillingKey(billingKey);
          }
        };
    CardService service =
        new CardService(customerService, cardStore, racing, customerProperties, webhookLog);

    assertThatThrownBy(
            () ->
                service.registerCard(customerId, window.get("authKey"), window.get("customerKey")))
        .isInstanceOfSatisfying(
            ApiException.class, e -> assertThat(e.code()).isEqualTo("CUSTOMER_DELETED"));

    assertThat(issued[0]).isNotNull();
    assertThat(deletedAtToss).containsExactly(issued[0]);
    assertThat(cardRows(id)).isZero();
    // gone at Toss: a second delete is refused as unknown
    assertThatThrownBy(() -> gateway.deleteBillingKey(issued[0]))
        .isInstanceOfSatisfying(
            TossApiException.class, e -> assertThat(e.code()).isEqualTo("NOT_FOUND_BILLING"));
  }

  @Test
  void refusesControlCharactersInCustomerFieldsWithA400() throws Exception {
    long before = jdbc.sql("select count(*) from customer").query(Long.class).single();

    assertRefused(
        send("POST", "/api/v1/customers", "{\"email\":\"cc@example.com\",\"name\":\"김\\u0000토스\"}"),
        400,
        "INVALID_REQUEST");
    assertRefused(
        send("POST", "/api/v1/customers", "{\"email\":\"a\\u0000@example.com\"}"),
        400,
        "INVALID_REQUEST");
    assertRefused(
        send(
            "POST",
            "/api/v1/customers",
            "{\"email\":\"cc@example.com\",\"externalId\":\"user-\\u0000\"}"),
        400,
        "INVALID_REQUEST");
    assertRefused(
        send("POST", "/api/v1/customers", "{\"email\":\"cc@example.com\",\"name\":\"줄\\n바꿈\"}"),
        400,
        "INVALID_REQUEST");
    assertRefused(
        send("GET", "/api/v1/customers?externalId=user-%00", null), 400, "INVALID_REQUEST");
    assertThat(jdbc.sql("select count(*) from customer").query(Long.class).single())
        .isEqualTo(before);
  }

  @Test
  void aCustomerLeavesUnlessAGuardRefuses() throws Exception {
    JsonNode customer = createCustomer("han@example.com", "한탈퇴", null);
    long id = customer.get("id").asLong();
    CustomerId customerId = new CustomerId(id);
    registerCardThroughTheWindow(id, customer.get("customerKey").asString(), "4330123412341234");
    CardId card = cards.chargeableCard(customerId).orElseThrow().id();

    CustomerDeletionGuard liveSubscription =
        c ->
            Optional.of(
                new CustomerDeletionGuard.Refusal(
                    "CUSTOMER_HAS_LIVE_SUBSCRIPTION", "api.CUSTOMER_HAS_LIVE_SUBSCRIPTION"));
    assertThatThrownBy(() -> cardService.deleteCustomer(customerId, List.of(liveSubscription)))
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> {
              assertThat(e.status().value()).isEqualTo(409);
              assertThat(e.code()).isEqualTo("CUSTOMER_HAS_LIVE_SUBSCRIPTION");
            });
    assertThat(status(card)).isEqualTo("CURRENT");

    assertThat(send("DELETE", "/api/v1/customers/" + id, null).statusCode()).isEqualTo(204);
    assertThat(status(card)).isEqualTo("DELETED");
    assertThat(get("/api/v1/customers/" + id).get("deleted").asBoolean()).isTrue();
    await()
        .atMost(WAIT)
        .until(
            () ->
                jdbc.sql("select toss_key_deleted_at is not null from card where id = :id")
                    .param("id", card.value())
                    .query(Boolean.class)
                    .single());
    assertThat(send("DELETE", "/api/v1/customers/" + id, null).statusCode()).isEqualTo(204);
    assertRefused(
        send("GET", "/api/v1/customers/" + id + "/card-window", null), 409, "CUSTOMER_DELETED");
  }

  /** POSTs a BILLING_DELETED to our webhook endpoint as Toss would. */
  private void deliverBillingDeleted(String transmissionId, String billingKey) throws Exception {
    String body =
        JSON.writeValueAsString(
            Map.of(
                "eventType",
                "BILLING_DELETED",
                "createdAt",
                "2026-11-24T12:19:20.123456",
                "data",
                Map.of("billingKey", billingKey, "reason", "삭제 API 요청")));
    HttpResponse<String> answer =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/webhooks/toss"))
                .header("Content-Type", "application/json")
                .header("tosspayments-webhook-transmission-id", transmissionId)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
  }

  private void publish(Object event) {
    transactions.executeWithoutResult(tx -> publisher.publishEvent(event));
  }

  private boolean handled(String transmissionId) {
    Long open =
        jdbc.sql(
                """
            select count(*) from event_publication
            where listener_id like '%customer%' and serialized_event like :pattern and completion_date is null
            """)
            .param("pattern", "%" + transmissionId + "%")
            .query(Long.class)
            .single();
    Long seen =
        jdbc.sql(
                """
            select (select count(*) from event_publication where listener_id like '%customer%'
                      and serialized_event like :pattern)
                 + (select count(*) from event_publication_archive where listener_id like '%customer%'
                      and serialized_event like :pattern)
            """)
            .param("pattern", "%" + transmissionId + "%")
            .query(Long.class)
            .single();
    return open == 0 && seen > 0;
  }

  private String status(CardId id) {
    return jdbc.sql("select status from card where id = :id")
        .param("id", id.value())
        .query(String.class)
        .single();
  }

  private long cardRows(long customerId) {
    return jdbc.sql("select count(*) from card where customer_id = :id")
        .param("id", customerId)
        .query(Long.class)
        .single();
  }

  /**
   * Opens the sandbox's card window as a browser would, submits a card and follows it to our
   * successUrl.
   */
  private JsonNode registerCardThroughTheWindow(
      long customerId, String customerKey, String cardNumber) throws Exception {
    Map<String, String> success = authorizeInWindow(customerKey, cardNumber);
    assertThat(success.get("customerKey")).isEqualTo(customerKey);
    HttpResponse<String> registered =
        send(
            "POST",
            "/api/v1/customers/" + customerId + "/cards",
            "{\"authKey\":\""
                + success.get("authKey")
                + "\",\"customerKey\":\""
                + success.get("customerKey")
                + "\"}");
    assertThat(registered.statusCode()).as(registered.body()).isEqualTo(200);
    return JSON.readTree(registered.body());
  }

  /** The query of the successUrl the window redirects to: customerKey and authKey. */
  private Map<String, String> authorizeInWindow(String customerKey, String cardNumber)
      throws Exception {
    String base = "http://127.0.0.1:" + port;
    String clientKey = "test_ck_tossbill_local";
    String query =
        form(
            Map.of(
                "clientKey",
                clientKey,
                "customerKey",
                customerKey,
                "successUrl",
                base + "/billing/success",
                "failUrl",
                base + "/billing/fail"));
    HttpResponse<String> page =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(base + "/toss-sandbox/_sandbox/billing-auth?" + query))
                .build(),
            HttpResponse.BodyHandlers.ofString());
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
    fields.put("expiry", "12/29");
    fields.put("identity", "900101");
    fields.put("agree", "true");
    fields.put("action", "register");

    HttpResponse<String> submitted =
        http.send(
            HttpRequest.newBuilder(URI.create(base + unescape(action.group(1))))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(fields)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(303);
    URI success = URI.create(submitted.headers().firstValue("Location").orElseThrow());
    assertThat(success.getPath()).isEqualTo("/billing/success");
    return java.util.Arrays.stream(success.getRawQuery().split("&"))
        .map(p -> p.split("=", 2))
        .collect(Collectors.toMap(p -> p[0], p -> URLDecoder.decode(p[1], StandardCharsets.UTF_8)));
  }

  private static String unescape(String html) {
    return html.replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&");
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

  private JsonNode createCustomer(
      @Nullable String email, @Nullable String name, @Nullable String externalId) throws Exception {
    Map<String, String> body = new LinkedHashMap<>();
    if (email != null) {
      body.put("email", email);
    }
    if (name != null) {
      body.put("name", name);
    }
    if (externalId != null) {
      body.put("externalId", externalId);
    }
    HttpResponse<String> created = send("POST", "/api/v1/customers", JSON.writeValueAsString(body));
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    return JSON.readTree(created.body());
  }

  private JsonNode get(String path) throws Exception {
    HttpResponse<String> response = send("GET", path, null);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  private static void assertRefused(HttpResponse<String> response, int status, String code) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    JsonNode body = JSON.readTree(response.body());
    assertThat(body.get("code").asString()).isEqualTo(code);
    assertThat(body.get("message_ko").asString()).isNotBlank();
    assertThat(body.get("message_en").asString()).isNotBlank();
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
