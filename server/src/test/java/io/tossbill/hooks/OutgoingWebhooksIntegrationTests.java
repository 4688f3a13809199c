package io.tossbill.hooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.tossbill.customer.CustomerId;
import io.tossbill.customer.Customers;
import io.tossbill.mail.MailOutbox;
import io.tossbill.mail.MailRequest;
import io.tossbill.payment.ChargePurpose;
import io.tossbill.payment.PaymentId;
import io.tossbill.payment.PaymentSucceeded;
import io.tossbill.platform.MovableClock;
import io.tossbill.platform.Won;
import io.tossbill.security.ApiKeyRole;
import io.tossbill.security.ApiKeys;
import io.tossbill.testing.ServerHttp;
import io.tossbill.testing.TestMailServer;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Outgoing webhooks end to end: the merchant API creates an endpoint, the engine's changes become
 * signed deliveries to a real HTTP receiver on 127.0.0.1, verified with the code printed in
 * docs/webhooks-out.md. Retries are driven by moving this context's clock and running the
 * dispatcher's pass, never by waiting for time to pass.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      // a context of its own: its clock moves days ahead
      "tossbill.test.context=hooks",
      // retries are run by the tests (the wake-up after each commit still sends the first try)
      "tossbill.hooks.worker=false",
      "tossbill.hooks.connect-timeout=1s",
      "tossbill.hooks.response-timeout=500ms",
      "tossbill.hooks.alert-email=" + OutgoingWebhooksIntegrationTests.OPERATOR,
      "tossbill.mail.first-retry-after=1s",
      "tossbill.mail.poll-interval=1s"
    })
@ContextConfiguration(initializers = TestMailServer.Initializer.class)
class OutgoingWebhooksIntegrationTests {

  static final String OPERATOR = "hooks-operator@example.com";
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Duration WAIT = Duration.ofSeconds(30);

  @LocalServerPort int port;
  @Autowired HookEndpoints endpoints;
  @Autowired HookDispatcher dispatcher;
  @Autowired MovableClock clock;
  @Autowired JdbcClient jdbc;
  @Autowired Customers customers;
  @Autowired ApiKeys apiKeys;
  @Autowired TransactionTemplate transactions;
  @Autowired ApplicationEventPublisher events;
  @Autowired MailOutbox mail;

  private final List<Receiver> receivers = new ArrayList<>();
  private final HttpClient http = HttpClient.newHttpClient();

  @AfterEach
  void cleanUp() {
    endpoints.all().forEach(e -> endpoints.delete(e.id()));
    receivers.forEach(Receiver::close);
  }

  @Test
  void aChangeArrivesSignedAndTheDocumentedVerifierAcceptsIt() {
    Receiver receiver = receiver();
    JsonNode endpoint = createEndpoint(receiver.url(), "customer.*");
    String secret = endpoint.get("secret").asString();
    assertThat(secret).startsWith("whsec_");

    JsonNode customer = createCustomer("서명 확인");

    await().atMost(WAIT).until(() -> receiver.requests().size() == 1);
    Receiver.Request got = receiver.requests().getFirst();
    // exactly the code of docs/webhooks-out.md, on the bytes as they arrived
    new WebhookVerifier(secret)
        .verify(got.id(), got.timestamp(), got.signature(), got.body(), Instant.now());
    assertThat(Long.parseLong(got.timestamp()))
        .isCloseTo(Instant.now().getEpochSecond(), org.assertj.core.data.Offset.offset(60L));
    JsonNode body = got.json();
    assertThat(body.get("id").asString()).isEqualTo(got.id()).startsWith("evt_");
    assertThat(body.get("type").asString()).isEqualTo("customer.created");
    assertThat(body.get("sequence").asLong()).isEqualTo(1);
    assertThat(body.get("customerId").asLong()).isEqualTo(customer.get("id").asLong());
    assertThat(body.get("data").get("email").asString())
        .isEqualTo(customer.get("email").asString());
    assertThat(body.get("data").get("name").asString()).isEqualTo("서명 확인");
    assertThat(got.body()).doesNotContain(customer.get("customerKey").asString(), "whsec_");
    assertThat(got.contentType()).isEqualTo("application/json");

    long endpointId = endpoint.get("id").asLong();
    await().atMost(WAIT).until(() -> delivery(endpointId).status().equals("DELIVERED"));
    JsonNode list = apiOk("GET", "/api/v1/webhook-endpoints/" + endpointId + "/deliveries");
    JsonNode delivery = list.get("data").get(0);
    assertThat(delivery.get("status").asString()).isEqualTo("DELIVERED");
    JsonNode detail =
        apiOk(
            "GET",
            "/api/v1/webhook-endpoints/"
                + endpointId
                + "/deliveries/"
                + delivery.get("id").asLong());
    assertThat(detail.get("payload").asString()).isEqualTo(got.body());
    JsonNode attempt = detail.get("attempts").get(0);
    assertThat(attempt.get("statusCode").asInt()).isEqualTo(200);
    assertThat(attempt.get("outcome").asString()).isEqualTo("DELIVERED");
    assertThat(attempt.get("responseExcerpt").asString()).isEqualTo("{\"ok\":true}");
    assertThat(attempt.get("latencyMillis").asLong()).isNotNegative();
    // the secret is shown once: never by a read
    assertThat(apiOk("GET", "/api/v1/webhook-endpoints/" + endpointId).has("secret")).isFalse();
    assertThat(apiOk("GET", "/api/v1/webhook-endpoints").toString()).doesNotContain("whsec_");
  }

  @Test
  void anEventIsWrittenExactlyWhenTheChangeCommitsOncePerWantingEndpoint() {
    Receiver one = receiver();
    Receiver two = receiver();
    long first = createEndpoint(one.url(), "customer.created").get("id").asLong();
    long second = createEndpoint(two.url(), "*").get("id").asLong();
    long notWanting = createEndpoint(receiver().url(), "payment.*").get("id").asLong();

    long rolledBack =
        transactions.execute(
            status -> {
              long id = customers.create(email(), "되돌림", null).id().value();
              status.setRollbackOnly();
              return id;
            });
    long committed = customers.create(email(), "커밋", null).id().value();

    assertThat(eventsOf(rolledBack)).isEmpty();
    assertThat(eventsOf(committed)).containsExactly("customer.created");
    List<Long> endpointsDelivered =
        jdbc.sql(
                """
                SELECT d.endpoint_id FROM hook_delivery d JOIN hook_event ev ON ev.id = d.event_id
                WHERE ev.customer_id = :customer ORDER BY d.endpoint_id
                """)
            .param("customer", committed)
            .query(Long.class)
            .list();
    assertThat(endpointsDelivered).containsExactly(first, second).doesNotContain(notWanting);
    await().atMost(WAIT).until(() -> one.requests().size() == 1 && two.requests().size() == 1);
    assertThat(one.requests().getFirst().id()).isEqualTo(two.requests().getFirst().id());
    assertThat(one.requests().getFirst().json().get("customerId").asLong()).isEqualTo(committed);
  }

  @Test
  void aCausePublishedTwiceIsOneEventAndOneDeliveryPerEndpoint() {
    Receiver receiver = receiver();
    long endpointId = createEndpoint(receiver.url(), "payment.succeeded").get("id").asLong();
    long customer = customers.create(email(), "두 번", null).id().value();
    PaymentSucceeded paid =
        new PaymentSucceeded(
            new PaymentId(900_000 + customer),
            77,
            new CustomerId(customer),
            ChargePurpose.PERIOD,
            3,
            LocalDate.of(2026, 3, 1),
            LocalDate.of(2026, 4, 1),
            "tb1-s77-p3-a1",
            Won.of(9_900),
            Won.of(900),
            Instant.parse("2026-03-01T00:00:05Z"),
            null);

    transactions.executeWithoutResult(status -> events.publishEvent(paid));
    transactions.executeWithoutResult(status -> events.publishEvent(paid));

    assertThat(eventsOf(customer)).containsExactly("payment.succeeded");
    await().atMost(WAIT).until(() -> receiver.requests().size() == 1);
    JsonNode data = receiver.requests().getFirst().json().get("data");
    assertThat(data.get("amount").asLong()).isEqualTo(9_900);
    assertThat(data.get("periodStart").asString()).isEqualTo("2026-03-01");
    assertThat(receiver.requests().getFirst().json().get("subscriptionId").asLong()).isEqualTo(77);
    // the database holds it too: a second delivery of one event to one endpoint cannot be written
    long eventId =
        jdbc.sql("SELECT id FROM hook_event WHERE customer_id = :c")
            .param("c", customer)
            .query(Long.class)
            .single();
    assertThatThrownBy(
            () ->
                jdbc.sql(
                        """
                        INSERT INTO hook_delivery (event_id, endpoint_id, status, next_attempt_at, created_at)
                        VALUES (:event, :endpoint, 'PENDING', now(), now())
                        """)
                    .param("event", eventId)
                    .param("endpoint", endpointId)
                    .update())
        .isInstanceOf(DuplicateKeyException.class);
  }

  @Test
  void aFailedTryIsRetriedOnTheScheduleAfter500TimeoutAndRefusedConnection() {
    Receiver receiver =
        receiver().answer(Receiver.Answer.of(500, "boom"), Receiver.Answer.hanging());
    JsonNode endpoint = createEndpoint(receiver.url(), "customer.created");
    long endpointId = endpoint.get("id").asLong();
    long customer = customers.create(email(), "재시도", null).id().value();

    Delivery first = awaitTries(endpointId, 1);
    assertThat(first.status()).isEqualTo("PENDING");
    assertThat(first.nextAttemptAt()).isEqualTo(first.lastAttemptAt().plus(Duration.ofMinutes(1)));
    assertThat(dispatcher.drain()).as("nothing is due before the wait").isZero();

    advanceTo(first.nextAttemptAt());
    assertThat(dispatcher.drain()).isEqualTo(1);
    Delivery second = delivery(endpointId);
    assertThat(second.tries()).isEqualTo(2);
    assertThat(second.nextAttemptAt())
        .isEqualTo(second.lastAttemptAt().plus(Duration.ofMinutes(5)));

    // the endpoint moves to a port nobody listens on
    apiOk(
        "PATCH",
        "/api/v1/webhook-endpoints/" + endpointId,
        "{\"url\":\"http://127.0.0.1:" + closedPort() + "/hooks\"}");
    advanceTo(second.nextAttemptAt());
    assertThat(dispatcher.drain()).isEqualTo(1);
    Delivery third = delivery(endpointId);
    assertThat(third.nextAttemptAt()).isEqualTo(third.lastAttemptAt().plus(Duration.ofMinutes(30)));
    HookEndpoint failing = endpoints.get(endpointId);
    assertThat(failing.consecutiveFailures()).isEqualTo(3);
    assertThat(failing.failingSince()).isEqualTo(first.lastAttemptAt());
    assertThat(failing.enabled()).isTrue();

    apiOk(
        "PATCH", "/api/v1/webhook-endpoints/" + endpointId, "{\"url\":\"" + receiver.url() + "\"}");
    advanceTo(third.nextAttemptAt());
    assertThat(dispatcher.drain()).isEqualTo(1);
    Delivery done = delivery(endpointId);
    assertThat(done.status()).isEqualTo("DELIVERED");
    assertThat(done.tries()).isEqualTo(4);
    assertThat(done.nextAttemptAt()).isNull();
    assertThat(endpoints.get(endpointId).failingSince()).isNull();
    assertThat(endpoints.get(endpointId).consecutiveFailures()).isZero();

    List<HookAttempt> log = endpoints.delivery(endpointId, done.id()).attempts().reversed();
    assertThat(log)
        .extracting(HookAttempt::outcome)
        .containsExactly("HTTP_ERROR", "TIMEOUT", "CONNECTION_FAILED", "DELIVERED");
    assertThat(log).extracting(HookAttempt::statusCode).containsExactly(500, null, null, 200);
    assertThat(log.getFirst().responseExcerpt()).isEqualTo("boom");
    assertThat(log.get(1).latencyMillis()).isGreaterThanOrEqualTo(500);
    // three tries reached the receiver: one event, one id, one body, each signature good
    String secret = endpoint.get("secret").asString();
    assertThat(receiver.requests()).hasSize(3);
    assertThat(receiver.requests()).extracting(Receiver.Request::id).containsOnly(done.eventId());
    assertThat(receiver.requests())
        .extracting(Receiver.Request::body)
        .hasSize(3)
        .containsOnly(receiver.requests().getFirst().body());
    receiver
        .requests()
        .forEach(
            r ->
                new WebhookVerifier(secret)
                    .verify(r.id(), r.timestamp(), r.signature(), r.body(), Instant.now()));
    assertThat(eventsOf(customer)).containsExactly("customer.created");
  }

  @Test
  void anEndpointFailingForThreeDaysIsDisabledAndTheOperatorIsMailed() throws Exception {
    Receiver receiver = receiver();
    // every try fails until the endpoint is fixed
    for (int i = 0; i < 11; i++) {
      receiver.answer(Receiver.Answer.of(503, "maintenance"));
    }
    String url = receiver.url() + "?token=do-not-mail-me";
    long endpointId = createEndpoint(url, "customer.*").get("id").asLong();
    int mailsBefore = TestMailServer.to(OPERATOR).size();
    customers.create(email(), "삼일", null);

    Delivery delivery = awaitTries(endpointId, 1);
    Instant firstTry = delivery.lastAttemptAt();
    for (int tries = 2; tries <= 11; tries++) {
      assertThat(endpoints.get(endpointId).enabled()).as("after %s tries", tries - 1).isTrue();
      advanceTo(delivery.nextAttemptAt());
      assertThat(dispatcher.drain()).isEqualTo(1);
      delivery = delivery(endpointId);
      assertThat(delivery.tries()).isEqualTo(tries);
    }

    assertThat(delivery.status()).isEqualTo("FAILED");
    // each try came when it was due (the clock also runs on by itself between two steps)
    assertThat(Duration.between(firstTry, delivery.lastAttemptAt()))
        .isBetween(Duration.ofHours(75).plusMinutes(36), Duration.ofHours(75).plusMinutes(37));
    HookEndpoint disabled = endpoints.get(endpointId);
    assertThat(disabled.enabled()).isFalse();
    assertThat(disabled.disabledReason()).isEqualTo("FAILING");
    assertThat(disabled.consecutiveFailures()).isEqualTo(11);
    await().atMost(WAIT).until(() -> TestMailServer.to(OPERATOR).size() == mailsBefore + 1);
    MimeMessage mail = TestMailServer.to(OPERATOR).getLast();
    assertThat(mail.getSubject()).isEqualTo("웹훅 엔드포인트를 비활성화했습니다");
    String text = text(mail);
    assertThat(text)
        .contains(
            "엔드포인트 " + endpointId + "번",
            receiver.url(),
            "11번 연속",
            "/admin/webhook-endpoints/" + endpointId)
        .doesNotContain("do-not-mail-me");

    // nothing new is queued for a disabled endpoint, and a replay is refused
    long later = customers.create(email(), "꺼진 뒤", null).id().value();
    assertThat(eventsOf(later)).isEmpty();
    Answer refused =
        api(
            "POST",
            "/api/v1/webhook-endpoints/" + endpointId + "/deliveries/" + delivery.id() + "/replay",
            null);
    assertThat(refused.status()).isEqualTo(409);
    assertThat(refused.json().get("code").asString()).isEqualTo("WEBHOOK_ENDPOINT_DISABLED");

    // fixed and enabled again: its counters start over; the failed delivery is replayed by hand
    JsonNode enabled =
        apiOk("PATCH", "/api/v1/webhook-endpoints/" + endpointId, "{\"enabled\":true}");
    assertThat(enabled.get("enabled").asBoolean()).isTrue();
    assertThat(enabled.get("consecutiveFailures").asInt()).isZero();
    Answer replayed =
        api(
            "POST",
            "/api/v1/webhook-endpoints/" + endpointId + "/deliveries/" + delivery.id() + "/replay",
            null);
    assertThat(replayed.status()).isEqualTo(202);
    await().atMost(WAIT).until(() -> receiver.requests().size() == 12);
    assertThat(receiver.requests().getLast().id()).isEqualTo(delivery.eventId());
    await().atMost(WAIT).until(() -> delivery(endpointId).status().equals("DELIVERED"));
    assertThat(delivery(endpointId).replays()).isEqualTo(1);
  }

  @Test
  void theOperatorsMailSpeaksEnglishToo() throws Exception {
    String to = "hooks-en-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    mail.enqueue(
        MailRequest.of(
            "test-hooks-en:" + to,
            to,
            Locale.ENGLISH,
            HookAlerts.TEMPLATE,
            Map.of(
                "endpointId", "12",
                "url", "https://example.com/hooks",
                "failingSince", Instant.parse("2026-03-01T00:00:00Z"),
                "failures", "11",
                "consoleUrl", "http://127.0.0.1/admin/webhook-endpoints/12")));

    await().atMost(WAIT).until(() -> TestMailServer.to(to).size() == 1);
    MimeMessage received = TestMailServer.to(to).getFirst();
    assertThat(received.getSubject()).isEqualTo("A webhook endpoint was disabled");
    assertThat(text(received))
        .contains(
            "Every webhook sent to endpoint 12 (https://example.com/hooks) has failed since",
            "(11 tries in a row)",
            "http://127.0.0.1/admin/webhook-endpoints/12");
  }

  @Test
  void oneSubscriptionsEventsArriveNumberedInCommitOrder() {
    Receiver receiver = receiver();
    createEndpoint(receiver.url(), "*");
    ServerHttp server = new ServerHttp(port);
    JsonNode customer = createCustomer("순서");
    long customerId = customer.get("id").asLong();
    String customerKey = customer.get("customerKey").asString();
    String authKey = server.authorizeCardInWindow(customerKey, "4330123412341234");
    server.api(
        "POST",
        "/api/v1/customers/" + customerId + "/cards",
        "{\"authKey\":\"" + authKey + "\",\"customerKey\":\"" + customerKey + "\"}");
    JsonNode plan =
        server.api(
            "POST",
            "/api/v1/plans",
            """
            {"code":"hooks-%s","name":"Hooks","price":9900,"interval":{"unit":"MONTH","count":1}}
            """
                .formatted(UUID.randomUUID().toString().substring(0, 8)));
    long subscription =
        server
            .api(
                "POST",
                "/api/v1/subscriptions",
                "{\"customerId\":" + customerId + ",\"planId\":" + plan.get("id").asLong() + "}")
            .get("id")
            .asLong();
    await()
        .atMost(WAIT)
        .until(
            () ->
                server
                    .api("GET", "/api/v1/subscriptions/" + subscription, null)
                    .get("status")
                    .asString()
                    .equals("ACTIVE"));
    server.api("POST", "/api/v1/subscriptions/" + subscription + "/pause", null);
    server.api("POST", "/api/v1/subscriptions/" + subscription + "/resume", null);
    server.api("POST", "/api/v1/subscriptions/" + subscription + "/cancel", "{}");

    await().atMost(WAIT).until(() -> receiver.requests().size() == 7);
    List<JsonNode> bodies = receiver.requests().stream().map(Receiver.Request::json).toList();
    List<JsonNode> ofSubscription =
        bodies.stream().filter(b -> b.get("subscriptionId").asLong() == subscription).toList();
    assertThat(ofSubscription)
        .extracting(b -> b.get("sequence").asLong())
        .containsExactly(1L, 2L, 3L, 4L, 5L);
    assertThat(ofSubscription.subList(0, 2))
        .extracting(b -> b.get("type").asString())
        .containsExactlyInAnyOrder("subscription.created", "payment.succeeded");
    assertThat(ofSubscription.subList(2, 5))
        .extracting(b -> b.get("type").asString())
        .containsExactly("subscription.paused", "subscription.resumed", "subscription.canceled");
    List<JsonNode> ofCustomer =
        bodies.stream().filter(b -> b.get("subscriptionId").isNull()).toList();
    assertThat(ofCustomer)
        .extracting(b -> b.get("type").asString() + "#" + b.get("sequence").asLong())
        .containsExactly("customer.created#1", "card.registered#2");
    JsonNode paid =
        bodies.stream()
            .filter(b -> b.get("type").asString().equals("payment.succeeded"))
            .findFirst()
            .orElseThrow()
            .get("data");
    assertThat(paid.get("amount").asLong()).isEqualTo(9_900);
    assertThat(paid.get("orderId").asString()).contains("-s" + subscription + "-");
    for (Receiver.Request request : receiver.requests()) {
      assertThat(request.body())
          .doesNotContain(customerKey, "4330123412341234", "billingKey", authKey);
    }
  }

  @Test
  void aReceiverOrdersBySequenceWhenARetryArrivesAfterALaterEvent() {
    Receiver receiver = receiver().answer(Receiver.Answer.of(500));
    long endpointId = createEndpoint(receiver.url(), "customer.*").get("id").asLong();
    JsonNode customer = createCustomer("뒤섞임");
    awaitTries(endpointId, 1);
    apiOk("PATCH", "/api/v1/customers/" + customer.get("id").asLong(), "{\"name\":\"뒤섞임 수정\"}");
    await().atMost(WAIT).until(() -> receiver.requests().size() == 2);

    advanceTo(delivery(endpointId, "customer.created").nextAttemptAt());
    dispatcher.drain();

    assertThat(receiver.requests()).hasSize(3);
    List<JsonNode> delivered =
        receiver.requests().subList(1, 3).stream().map(Receiver.Request::json).toList();
    assertThat(delivered)
        .extracting(b -> b.get("type").asString())
        .containsExactly("customer.updated", "customer.created");
    assertThat(
            delivered.stream()
                .sorted(Comparator.comparingLong(b -> b.get("sequence").asLong()))
                .map(b -> b.get("type").asString()))
        .containsExactly("customer.created", "customer.updated");
  }

  @Test
  void aRolledSecretSignsBesideTheOldOneUntilTheOverlapEnds() {
    Receiver receiver = receiver();
    JsonNode endpoint = createEndpoint(receiver.url(), "customer.created");
    long endpointId = endpoint.get("id").asLong();
    String old = endpoint.get("secret").asString();
    JsonNode rolled = apiOk("POST", "/api/v1/webhook-endpoints/" + endpointId + "/roll-secret");
    String current = rolled.get("secret").asString();
    assertThat(current).startsWith("whsec_").isNotEqualTo(old);
    assertThat(Instant.parse(rolled.get("previousSecretExpiresAt").asString()))
        .isEqualTo(Instant.parse(rolled.get("updatedAt").asString()).plus(Duration.ofHours(24)));

    createCustomer("겹침");
    await().atMost(WAIT).until(() -> receiver.requests().size() == 1);
    Receiver.Request during = receiver.requests().getFirst();
    assertThat(during.signature().split(" ")).hasSize(2);
    new WebhookVerifier(old)
        .verify(during.id(), during.timestamp(), during.signature(), during.body(), Instant.now());
    new WebhookVerifier(current)
        .verify(during.id(), during.timestamp(), during.signature(), during.body(), Instant.now());

    clock.advance(Duration.ofHours(24).plusSeconds(1));
    createCustomer("겹침 끝");
    await().atMost(WAIT).until(() -> receiver.requests().size() == 2);
    Receiver.Request after = receiver.requests().getLast();
    assertThat(after.signature().split(" ")).hasSize(1);
    new WebhookVerifier(current)
        .verify(after.id(), after.timestamp(), after.signature(), after.body(), Instant.now());
    assertThatThrownBy(
            () ->
                new WebhookVerifier(old)
                    .verify(
                        after.id(),
                        after.timestamp(),
                        after.signature(),
                        after.body(),
                        Instant.now()))
        .isInstanceOf(SecurityException.class);
  }

  @Test
  void theApiRefusesBadEndpointsWithStableCodesInBothLanguagesAndChangesNothing() {
    long before = endpointRows();

    Answer plainHttp =
        api("POST", "/api/v1/webhook-endpoints", "{\"url\":\"http://example.com/hooks\"}");
    assertThat(plainHttp.status()).isEqualTo(400);
    assertThat(plainHttp.contentType()).startsWith("application/problem+json");
    assertThat(plainHttp.json().get("code").asString()).isEqualTo("WEBHOOK_URL_INVALID");
    assertThat(plainHttp.json().get("field").asString()).isEqualTo("url");
    assertThat(plainHttp.json().get("message_ko").asString()).contains("https 주소여야");
    assertThat(plainHttp.json().get("message_en").asString()).contains("it must be https");

    Answer userInfo =
        api(
            "POST",
            "/api/v1/webhook-endpoints",
            "{\"url\":\"https://me:pw@example.com/hooks\"}",
            "en");
    assertThat(userInfo.json().get("code").asString()).isEqualTo("WEBHOOK_URL_INVALID");
    assertThat(userInfo.json().get("detail").asString()).contains("user info");

    Answer unknownType =
        api(
            "POST",
            "/api/v1/webhook-endpoints",
            "{\"url\":\"https://example.com/hooks\",\"eventTypes\":[\"payment.exploded\"]}");
    assertThat(unknownType.status()).isEqualTo(400);
    assertThat(unknownType.json().get("code").asString()).isEqualTo("WEBHOOK_EVENT_TYPE_UNKNOWN");
    assertThat(unknownType.json().get("field").asString()).isEqualTo("eventTypes");
    assertThat(unknownType.json().get("message_en").asString()).contains("payment.exploded");

    Answer noTypes =
        api(
            "POST",
            "/api/v1/webhook-endpoints",
            "{\"url\":\"https://example.com/hooks\",\"eventTypes\":[]}");
    assertThat(noTypes.json().get("code").asString()).isEqualTo("WEBHOOK_EVENT_TYPES_EMPTY");

    Answer missing = api("GET", "/api/v1/webhook-endpoints/987654321", null);
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.json().get("code").asString()).isEqualTo("WEBHOOK_ENDPOINT_NOT_FOUND");

    Answer badStatus = api("GET", "/api/v1/webhook-endpoints/1/deliveries?status=LOST", null);
    assertThat(badStatus.status()).isIn(400, 404);

    String merchantKey = apiKeys.create("merchant-hooks", ApiKeyRole.MERCHANT).key();
    Answer merchant = send("GET", "/api/v1/webhook-endpoints", null, "Bearer " + merchantKey, "ko");
    assertThat(merchant.status()).isEqualTo(403);
    Answer anonymous = send("GET", "/api/v1/webhook-endpoints", null, null, "ko");
    assertThat(anonymous.status()).isEqualTo(401);

    assertThat(endpointRows()).isEqualTo(before);
  }

  // ---- helpers ----------------------------------------------------------------------------

  /** A delivery as stored. */
  @Test
  void theCurlCommandsOfTheDocsWorkAsWritten() throws IOException {
    Receiver receiver = receiver();
    String doc = Files.readString(Path.of("..", "docs", "webhooks-out.md"));
    String base = "http://127.0.0.1:" + port;
    long[] endpoint = {0};
    List<String> calls = new ArrayList<>();
    DocShell shell =
        new DocShell(
            Map.of("K", ServerHttp.ADMIN_KEY),
            (name, value) ->
                switch (name) {
                  case "B" -> {
                    assertThat(value).isEqualTo("http://127.0.0.1:8080");
                    yield base;
                  }
                  // the ids the page tells the reader to take from the answers
                  case "E" -> String.valueOf(endpoint[0]);
                  case "D" -> {
                    await()
                        .atMost(WAIT)
                        .until(() -> delivery(endpoint[0]).status().equals("DELIVERED"));
                    yield String.valueOf(delivery(endpoint[0]).id());
                  }
                  default -> value;
                });
    for (String block : DocShell.blocks(doc)) {
      shell.run(
          block,
          curl -> {
            Answer answer = run(curl, receiver.url());
            assertThat(answer.status()).as(curl + " answered " + answer.body()).isBetween(200, 299);
            String call =
                curl.method()
                    + " "
                    + curl.url()
                        .replace(base, "")
                        .replaceAll("\\?.*", "")
                        .replaceAll("/\\d+", "/{id}");
            calls.add(call);
            if (call.equals("POST /api/v1/webhook-endpoints")) {
              assertThat(answer.json().get("secret").asString()).startsWith("whsec_");
              endpoint[0] = answer.json().get("id").asLong();
            }
            if (call.equals("GET /api/v1/webhook-endpoints/{id}/deliveries")) {
              // the list leaves out what only one delivery's page shows
              answer.json().get("data").forEach(d -> assertThat(d.has("payload")).isFalse());
            }
            if (call.endsWith("/replay")) {
              await().atMost(WAIT).until(() -> receiver.requests().size() == 2);
            }
          });
    }

    assertThat(calls)
        .contains(
            "POST /api/v1/webhook-endpoints",
            "GET /api/v1/webhook-endpoints",
            "GET /api/v1/webhook-endpoints/{id}",
            "PATCH /api/v1/webhook-endpoints/{id}",
            "POST /api/v1/webhook-endpoints/{id}/roll-secret",
            "GET /api/v1/webhook-endpoints/{id}/deliveries",
            "GET /api/v1/webhook-endpoints/{id}/deliveries/{id}",
            "POST /api/v1/webhook-endpoints/{id}/deliveries/{id}/replay",
            "DELETE /api/v1/webhook-endpoints/{id}");
    // the customer the page creates arrived, and its replay with the same webhook-id
    assertThat(receiver.requests()).hasSize(2);
    assertThat(receiver.requests().get(0).json().get("type").asString())
        .isEqualTo("customer.created");
    assertThat(receiver.requests().get(1).id()).isEqualTo(receiver.requests().get(0).id());
    // the body's time is the stored one, to the microsecond the database keeps
    JsonNode body = receiver.requests().get(0).json();
    assertThat(
            jdbc.sql("SELECT created_at FROM hook_event WHERE public_id = :id")
                .param("id", body.get("id").asString())
                .query(OffsetDateTime.class)
                .single()
                .toInstant())
        .isEqualTo(Instant.parse(body.get("timestamp").asString()));
    assertThat(api("GET", "/api/v1/webhook-endpoints/" + endpoint[0], null).status())
        .isEqualTo(404);
  }

  /**
   * A curl command of the page, sent as curl would, to this test's receiver for its example URL.
   */
  private Answer run(DocShell.Curl curl, String receiverUrl) {
    String body =
        curl.body() == null
            ? null
            : curl.body().replace("https://shop.example.com/tossbill-webhooks", receiverUrl);
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(curl.url()))
            .timeout(WAIT)
            .method(
                curl.method(),
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    curl.headers().forEach(request::header);
    if (body != null && !curl.headers().containsKey("Content-Type")) {
      // what curl sends with -d
      request.header("Content-Type", "application/x-www-form-urlencoded");
    }
    try {
      HttpResponse<String> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Answer(
          response.statusCode(),
          response.headers().firstValue("Content-Type").orElse(""),
          response.body());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  record Delivery(
      long id,
      String status,
      int tries,
      int replays,
      @Nullable Instant nextAttemptAt,
      @Nullable Instant lastAttemptAt,
      String eventId,
      String type) {}

  record Answer(int status, String contentType, String body) {
    JsonNode json() {
      return JSON.readTree(body);
    }
  }

  private Receiver receiver() {
    Receiver receiver = new Receiver();
    receivers.add(receiver);
    return receiver;
  }

  private JsonNode createEndpoint(String url, String type) {
    Answer created =
        api(
            "POST",
            "/api/v1/webhook-endpoints",
            "{\"url\":\"" + url + "\",\"eventTypes\":[\"" + type + "\"],\"description\":\"test\"}");
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    return created.json();
  }

  private JsonNode createCustomer(String name) {
    return apiOk(
        "POST", "/api/v1/customers", "{\"email\":\"" + email() + "\",\"name\":\"" + name + "\"}");
  }

  private static String email() {
    return "hooks-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
  }

  private List<String> eventsOf(long customer) {
    return jdbc.sql("SELECT type FROM hook_event WHERE customer_id = :c ORDER BY id")
        .param("c", customer)
        .query(String.class)
        .list();
  }

  private long endpointRows() {
    return jdbc.sql("SELECT count(*) FROM hook_endpoint").query(Long.class).single();
  }

  private Delivery awaitTries(long endpointId, int tries) {
    await()
        .atMost(WAIT)
        .until(() -> deliveries(endpointId).stream().anyMatch(d -> d.tries() >= tries));
    return delivery(endpointId);
  }

  /** The endpoint's only delivery. */
  private Delivery delivery(long endpointId) {
    List<Delivery> all = deliveries(endpointId);
    assertThat(all).hasSize(1);
    return all.getFirst();
  }

  private Delivery delivery(long endpointId, String type) {
    return deliveries(endpointId).stream()
        .filter(d -> d.type().equals(type))
        .findFirst()
        .orElseThrow();
  }

  private List<Delivery> deliveries(long endpointId) {
    return jdbc.sql(
            """
            SELECT d.id, d.status, d.attempts, d.replays, d.next_attempt_at, d.last_attempt_at,
                   ev.public_id, ev.type
            FROM hook_delivery d JOIN hook_event ev ON ev.id = d.event_id
            WHERE d.endpoint_id = :endpoint ORDER BY d.id
            """)
        .param("endpoint", endpointId)
        .query(
            (rs, n) ->
                new Delivery(
                    rs.getLong("id"),
                    rs.getString("status"),
                    rs.getInt("attempts"),
                    rs.getInt("replays"),
                    instant(rs.getObject("next_attempt_at", OffsetDateTime.class)),
                    instant(rs.getObject("last_attempt_at", OffsetDateTime.class)),
                    rs.getString("public_id"),
                    rs.getString("type")))
        .list();
  }

  private static @Nullable Instant instant(@Nullable OffsetDateTime time) {
    return time == null ? null : time.toInstant();
  }

  /** Moves this context's clock to {@code at} (never backwards). */
  private void advanceTo(@Nullable Instant at) {
    assertThat(at).isNotNull();
    Duration ahead = Duration.between(clock.instant(), at);
    if (ahead.isPositive()) {
      clock.advance(ahead);
    }
  }

  private static int closedPort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** The plain text part of a mail as it arrived. */
  private static @Nullable String text(Part part) throws Exception {
    if (part.isMimeType("text/plain")) {
      return (String) part.getContent();
    }
    if (part.getContent() instanceof Multipart multipart) {
      for (int i = 0; i < multipart.getCount(); i++) {
        String text = text(multipart.getBodyPart(i));
        if (text != null) {
          return text;
        }
      }
    }
    return null;
  }

  private JsonNode apiOk(String method, String path) {
    return apiOk(method, path, null);
  }

  private JsonNode apiOk(String method, String path, @Nullable String body) {
    Answer answer = api(method, path, body);
    assertThat(answer.status()).as(method + " " + path + ": " + answer.body()).isBetween(200, 299);
    return answer.json();
  }

  private Answer api(String method, String path, @Nullable String body) {
    return api(method, path, body, "ko");
  }

  private Answer api(String method, String path, @Nullable String body, String language) {
    return send(method, path, body, "Bearer " + ServerHttp.ADMIN_KEY, language);
  }

  private Answer send(
      String method,
      String path,
      @Nullable String body,
      @Nullable String authorization,
      String language) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(WAIT)
            .header("Accept-Language", language)
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    try {
      HttpResponse<String> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Answer(
          response.statusCode(),
          response.headers().firstValue("Content-Type").orElse(""),
          response.body());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
