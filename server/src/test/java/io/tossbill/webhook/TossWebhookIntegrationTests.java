package io.tossbill.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.tossbill.toss.Payment;
import io.tossbill.toss.PaymentStatus;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ExtendWith(OutputCaptureExtension.class)
class TossWebhookIntegrationTests {

  private static final Duration PROCESSING = Duration.ofSeconds(20);

  @LocalServerPort int port;
  @Autowired ConfigurableApplicationContext context;
  @Autowired TossWebhookLog log;
  @Autowired WebhookProcessor processor;
  @Autowired JdbcClient jdbc;
  @Autowired MeterRegistry meters;
  @Autowired JsonMapper json;

  private WebhookFixtures fixtures;
  private PublishedEvents events;

  @BeforeEach
  void setUp() {
    fixtures = new WebhookFixtures(port);
    events = PublishedEvents.listenTo(context);
  }

  @AfterEach
  void tearDown() {
    events.close();
    fixtures.close();
  }

  @Test
  void storesADeliveredTwiceEventOnceAndPublishesItOnce() throws Exception {
    Payment payment = fixtures.approvedPayment(fixtures.billingKey(), 9_900);
    String transmissionId = WebhookFixtures.newTransmissionId();
    String body =
        WebhookFixtures.paymentStatusChanged(
            payment.paymentKey(), payment.orderId(), "DONE", 9_900);

    HttpResponse<String> first = fixtures.deliver(body, transmissionId);
    HttpResponse<String> second = fixtures.deliver(body, transmissionId);
    // and a burst of concurrent redeliveries, as when Toss retries while the first is still in
    // flight
    try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
      Callable<HttpResponse<String>> redeliver = () -> fixtures.deliver(body, transmissionId);
      for (Future<HttpResponse<String>> answer :
          pool.invokeAll(List.of(redeliver, redeliver, redeliver, redeliver))) {
        assertThat(answer.get().statusCode()).isEqualTo(200);
        assertThat(answer.get().body()).contains("\"duplicate\":true");
      }
    }

    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(first.body()).contains("\"duplicate\":false");
    assertThat(second.statusCode()).isEqualTo(200);
    assertThat(second.body()).contains("\"duplicate\":true");
    await().atMost(PROCESSING).until(() -> status(transmissionId) == TossWebhookStatus.PROCESSED);
    assertThat(
            jdbc.sql("SELECT count(*) FROM toss_webhook_delivery WHERE transmission_id = :id")
                .param("id", transmissionId)
                .query(Integer.class)
                .single())
        .isEqualTo(1);
    assertThat(
            jdbc.sql("SELECT raw_body FROM toss_webhook_delivery WHERE transmission_id = :id")
                .param("id", transmissionId)
                .query(String.class)
                .single())
        .isEqualTo(body);

    // processing it again (a redelivered outbox event, the retry job) changes nothing
    processor.process(entry(transmissionId).id());
    assertThat(events.paymentUpdates(transmissionId))
        .hasSize(1)
        .first()
        .satisfies(
            event -> assertThat(event.payment().paymentKey()).isEqualTo(payment.paymentKey()));
    assertThat(entry(transmissionId).attempts()).isEqualTo(1);
  }

  @Test
  void publishesWhatTossReadsBackNotWhatTheBodyClaims() {
    Payment charged = fixtures.approvedPayment(fixtures.billingKey(), 15_000);
    Payment canceled = fixtures.canceled(charged);
    assertThat(canceled.status()).isEqualTo(PaymentStatus.CANCELED);
    String transmissionId = WebhookFixtures.newTransmissionId();

    HttpResponse<String> answer =
        fixtures.deliver(
            WebhookFixtures.paymentStatusChanged(
                charged.paymentKey(), charged.orderId(), "DONE", 999_999),
            transmissionId);

    assertThat(answer.statusCode()).isEqualTo(200);
    await().atMost(PROCESSING).until(() -> events.paymentUpdates(transmissionId).size() == 1);
    Payment published = events.paymentUpdates(transmissionId).getFirst().payment();
    assertThat(published.status()).isEqualTo(PaymentStatus.CANCELED);
    assertThat(published.totalAmount()).isEqualTo(15_000);
    assertThat(published.balanceAmount()).isZero();
    assertThat(published.cancelsOrEmpty())
        .singleElement()
        .satisfies(cancel -> assertThat(cancel.cancelAmount()).isEqualTo(15_000));
    assertThat(entry(transmissionId).status()).isEqualTo(TossWebhookStatus.PROCESSED);
    // the outbox stores events as JSON and reads them back to republish after a crash
    TossPaymentUpdated event = events.paymentUpdates(transmissionId).getFirst();
    TossPaymentUpdated republished =
        json.readValue(json.writeValueAsString(event), TossPaymentUpdated.class);
    assertThat(republished.payment().status()).isEqualTo(PaymentStatus.CANCELED);
    assertThat(republished.payment().totalAmount()).isEqualTo(15_000);
    assertThat(republished.payment().cancelsOrEmpty()).hasSize(1);
    assertThat(
            json.readValue(
                json.writeValueAsString(new TossWebhookStored(42)), TossWebhookStored.class))
        .isEqualTo(new TossWebhookStored(42));
  }

  @Test
  void findsThePaymentByOrderIdWhenTheBodyHasNoPaymentKey() {
    Payment charged = fixtures.approvedPayment(fixtures.billingKey(), 4_900);
    String transmissionId = WebhookFixtures.newTransmissionId();
    String body =
        """
        {"eventType":"PAYMENT_STATUS_CHANGED","createdAt":"2026-11-24T12:19:20.123456",
         "data":{"orderId":"%s","status":"DONE"}}"""
            .formatted(charged.orderId());

    fixtures.deliver(body, transmissionId);

    await().atMost(PROCESSING).until(() -> events.paymentUpdates(transmissionId).size() == 1);
    assertThat(events.paymentUpdates(transmissionId).getFirst().payment().paymentKey())
        .isEqualTo(charged.paymentKey());
  }

  @Test
  void rejectsAnEventForAPaymentTossDoesNotKnow() {
    String transmissionId = WebhookFixtures.newTransmissionId();

    HttpResponse<String> answer =
        fixtures.deliver(
            WebhookFixtures.paymentStatusChanged(
                "forged" + UUID.randomUUID().toString().replace("-", ""),
                "order-forged-" + UUID.randomUUID(),
                "CANCELED",
                50_000),
            transmissionId);

    assertThat(answer.statusCode()).isEqualTo(200);
    await().atMost(PROCESSING).until(() -> status(transmissionId) == TossWebhookStatus.REJECTED);
    assertThat(entry(transmissionId).lastError()).contains("Toss has no payment");
    assertThat(events.publishedFor(transmissionId)).isEmpty();
  }

  @Test
  void logsAForgedEventAsABoundedSanitisedSummary(CapturedOutput output) {
    String transmissionId = WebhookFixtures.newTransmissionId();
    // no control character (such a key is refused outright), but a line separator and a bidi
    // override that a log viewer would show as a new line or reversed text
    String forged = "forged\u2028FORGED-LINE\u202Edesrever" + "x".repeat(120);

    fixtures.deliver(
        WebhookFixtures.paymentStatusChanged(forged, "order-forged\u2028FAKE", "CANCELED", 50_000),
        transmissionId);

    // rejected, or retried (such a key may not even make a valid lookup): either way, logged
    await()
        .atMost(PROCESSING)
        .untilAsserted(() -> assertThat(output.getAll()).contains(transmissionId + " ("));
    String logged =
        output
            .getAll()
            .lines()
            .filter(line -> line.contains(transmissionId))
            .findFirst()
            .orElseThrow();
    assertThat(logged).hasSizeLessThan(800);
    assertThat(output.getAll()).doesNotContain("\u2028").doesNotContain("\u202E");
  }

  @Test
  void publishesBillingKeyDeletedWithoutShowingTheKey() {
    String billingKey = "bk_" + UUID.randomUUID().toString().replace("-", "");
    String transmissionId = WebhookFixtures.newTransmissionId();

    fixtures.deliver(WebhookFixtures.billingDeleted(billingKey), transmissionId);

    await().atMost(PROCESSING).until(() -> events.billingKeyDeletions(billingKey).size() == 1);
    TossBillingKeyDeleted deleted = events.billingKeyDeletions(billingKey).getFirst();
    assertThat(deleted.transmissionId()).isEqualTo(transmissionId);
    assertThat(deleted.reason()).isEqualTo("삭제 API 요청");
    assertThat(deleted.maskedBillingKey())
        .isEqualTo(WebhookMasking.mask(billingKey))
        .doesNotContain(billingKey);
    assertThat(deleted.toString()).doesNotContain(billingKey);
    // the outbox keeps events for good: the key must not be in it, only in the delivery it came
    // from
    await().atMost(PROCESSING).until(() -> !outboxRows(transmissionId).isEmpty());
    assertThat(outboxRows(transmissionId))
        .allSatisfy(row -> assertThat(row).doesNotContain(billingKey));
    assertThat(log.deletedBillingKey(transmissionId)).contains(billingKey);
    TossWebhookEntry entry = entry(transmissionId);
    assertThat(entry.status()).isEqualTo(TossWebhookStatus.PROCESSED);
    assertThat(entry.billingKeyMasked()).isNotNull().doesNotContain(billingKey);
    assertThat(log.recent(50))
        .anySatisfy(e -> assertThat(e.transmissionId()).isEqualTo(transmissionId))
        .allSatisfy(e -> assertThat(e.toString()).doesNotContain(billingKey));
  }

  @Test
  void storesAndIgnoresAnUnknownEventType() {
    String transmissionId = WebhookFixtures.newTransmissionId();

    HttpResponse<String> answer =
        fixtures.deliver(
            """
        {"eventType":"SOMETHING_TOSS_ADDS_LATER","createdAt":"2026-11-24T12:19:20.123456","data":{"x":1}}""",
            transmissionId);

    assertThat(answer.statusCode()).isEqualTo(200);
    await().atMost(PROCESSING).until(() -> status(transmissionId) == TossWebhookStatus.IGNORED);
    assertThat(events.publishedFor(transmissionId)).isEmpty();
    assertThat(
            meters
                .get(WebhookMetrics.NAME)
                .tag("event_type", "OTHER")
                .tag("outcome", "ignored")
                .counter()
                .count())
        .isGreaterThanOrEqualTo(1);
    assertThat(
            meters
                .get(WebhookMetrics.NAME)
                .tag("event_type", "OTHER")
                .tag("outcome", "stored")
                .counter()
                .count())
        .isGreaterThanOrEqualTo(1);
  }

  @Test
  void deduplicatesADeliveryWithoutTransmissionIdByItsBody() throws Exception {
    String body =
        """
        {"eventType":"DEPOSIT_CALLBACK_LIKE","createdAt":"%s"}"""
            .formatted(UUID.randomUUID());
    String expectedId =
        "sha256:"
            + HexFormat.of()
                .formatHex(
                    MessageDigest.getInstance("SHA-256")
                        .digest(body.getBytes(java.nio.charset.StandardCharsets.UTF_8)));

    assertThat(fixtures.deliver(body, null).body()).contains("\"duplicate\":false");
    assertThat(fixtures.deliver(body, null).body()).contains("\"duplicate\":true");

    await().atMost(PROCESSING).until(() -> status(expectedId) == TossWebhookStatus.IGNORED);
  }

  @Test
  void refusesMalformedJsonWithAProblemAndStoresNothing() {
    String transmissionId = WebhookFixtures.newTransmissionId();

    for (String body :
        List.of("{\"eventType\": \"PAYMENT_STATUS_CHANGED\", ", "[1,2]", "", "{} trailing")) {
      HttpResponse<String> answer = fixtures.deliver(body, transmissionId);

      assertThat(answer.statusCode()).as(body).isEqualTo(400);
      assertThat(answer.headers().firstValue("Content-Type"))
          .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
      JsonNode problem = WebhookInbox.JSON.readTree(answer.body());
      assertThat(problem.path("code").asString()).isEqualTo("WEBHOOK_MALFORMED_BODY");
      assertThat(problem.path("message_ko").asString()).isNotBlank();
      assertThat(problem.path("message_en").asString()).contains("not stored");
    }
    assertThat(log.find(transmissionId)).isEmpty();
  }

  @Test
  void refusesAnOversizedBody() {
    String transmissionId = WebhookFixtures.newTransmissionId();
    String body = "{\"eventType\":\"X\",\"padding\":\"" + "a".repeat(300_000) + "\"}";

    HttpResponse<String> answer = fixtures.deliver(body, transmissionId);

    assertThat(answer.statusCode()).isEqualTo(413);
    assertThat(answer.body()).contains("WEBHOOK_BODY_TOO_LARGE");
    assertThat(log.find(transmissionId)).isEmpty();
  }

  @Test
  void storesABodyWithAnEscapedNulAndRejectsItsUnusableKeys() {
    String transmissionId = WebhookFixtures.newTransmissionId();

    HttpResponse<String> answer =
        fixtures.deliver(
            """
        {"eventType":"PAYMENT_STATUS_CHANGED","data":{"paymentKey":"pay\\u0000x","orderId":"order\\u0000x"}}""",
            transmissionId);

    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    TossWebhookEntry stored = entry(transmissionId);
    assertThat(stored.paymentKey()).isNull();
    assertThat(stored.orderId()).isNull();
    await().atMost(PROCESSING).until(() -> status(transmissionId) == TossWebhookStatus.REJECTED);
    assertThat(events.publishedFor(transmissionId)).isEmpty();
  }

  @Test
  void givesTheDeletedBillingKeyOnlyForAProcessedBillingDeleted() {
    Payment charged = fixtures.approvedPayment(fixtures.billingKey(), 4_900);
    String transmissionId = WebhookFixtures.newTransmissionId();
    fixtures.deliver(
        WebhookFixtures.paymentStatusChanged(
            charged.paymentKey(), charged.orderId(), "DONE", 4_900),
        transmissionId);
    await().atMost(PROCESSING).until(() -> status(transmissionId) == TossWebhookStatus.PROCESSED);

    assertThat(log.deletedBillingKey(transmissionId)).isEmpty();
    assertThat(log.deletedBillingKey("whtrans_never_delivered")).isEmpty();
  }

  private List<String> outboxRows(String transmissionId) {
    return jdbc.sql(
            """
            SELECT serialized_event FROM event_publication WHERE serialized_event LIKE :pattern
            UNION ALL
            SELECT serialized_event FROM event_publication_archive WHERE serialized_event LIKE :pattern""")
        .param("pattern", "%" + transmissionId + "%")
        .query(String.class)
        .list();
  }

  private TossWebhookEntry entry(String transmissionId) {
    return log.find(transmissionId)
        .orElseThrow(() -> new AssertionError("not stored: " + transmissionId));
  }

  private TossWebhookStatus status(String transmissionId) {
    return log.find(transmissionId).map(TossWebhookEntry::status).orElse(null);
  }
}
