package io.tossbill.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tossbill.gateway.PaymentGateway;
import io.tossbill.toss.Billing;
import io.tossbill.toss.CancelOutcome;
import io.tossbill.toss.CancelRequest;
import io.tossbill.toss.ChargeOutcome;
import io.tossbill.toss.ChargeRequest;
import io.tossbill.toss.IdempotencyKey;
import io.tossbill.toss.Payment;
import io.tossbill.toss.PaymentStatus;
import io.tossbill.toss.TossApiException;
import io.tossbill.toss.TossError;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/** Toss unreachable while a webhook is read back: retried later, and never acted on meanwhile. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class TossWebhookRetryIntegrationTests {

  @LocalServerPort int port;
  @Autowired ConfigurableApplicationContext context;
  @Autowired TossWebhookLog log;
  @Autowired JdbcClient jdbc;
  @Autowired WebhookDeliveries deliveries;
  @Autowired Clock clock;
  @Autowired TransactionTemplate transaction;
  @Autowired WebhookProperties properties;
  @Autowired WebhookMetrics metrics;

  private WebhookFixtures fixtures;
  private PublishedEvents events;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void setUp() {
    fixtures = new WebhookFixtures(port);
    events = PublishedEvents.listenTo(context);
  }

  @AfterEach
  void tearDown() throws Exception {
    setSandboxFaults(0);
    events.close();
    fixtures.close();
  }

  @Test
  void retriesTheReadBackLaterWhenTossIsUnreachableAndNeverActsOnTheBody() throws Exception {
    Payment charged = fixtures.approvedPayment(fixtures.billingKey(), 12_000);
    fixtures.canceled(charged);
    String transmissionId = WebhookFixtures.newTransmissionId();
    setSandboxFaults(1.0); // every Toss API call now answers 500 FAILED_INTERNAL_SYSTEM_PROCESSING

    assertThat(
            fixtures
                .deliver(
                    WebhookFixtures.paymentStatusChanged(
                        charged.paymentKey(), charged.orderId(), "DONE", 12_000),
                    transmissionId)
                .statusCode())
        .isEqualTo(200);

    await().atMost(Duration.ofSeconds(20)).until(() -> entry(transmissionId).attempts() >= 1);
    TossWebhookEntry waiting = entry(transmissionId);
    assertThat(waiting.status()).isEqualTo(TossWebhookStatus.PENDING_RETRY);
    assertThat(waiting.nextAttemptAt()).isAfter(waiting.receivedAt());
    assertThat(waiting.lastError()).contains("reading the payment back from Toss failed");
    assertThat(events.publishedFor(transmissionId)).isEmpty();
    // it keeps failing while Toss is down, and still nothing is published
    await().atMost(Duration.ofSeconds(20)).until(() -> entry(transmissionId).attempts() >= 2);
    assertThat(entry(transmissionId).status()).isEqualTo(TossWebhookStatus.PENDING_RETRY);
    assertThat(events.publishedFor(transmissionId)).isEmpty();

    setSandboxFaults(0);

    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> entry(transmissionId).status() == TossWebhookStatus.PROCESSED);
    assertThat(events.paymentUpdates(transmissionId))
        .singleElement()
        .satisfies(event -> assertThat(event.payment().status()).isEqualTo(PaymentStatus.CANCELED));
    assertThat(
            jdbc.sql(
                    "SELECT outcome FROM toss_webhook_attempt WHERE delivery_id = :id ORDER BY attempt")
                .param("id", entry(transmissionId).id())
                .query(String.class)
                .list())
        .startsWith("PENDING_RETRY", "PENDING_RETRY")
        .endsWith("PROCESSED");
  }

  @Test
  void picksUpAStoredDeliveryWhoseImmediateProcessingWasLost() {
    Payment charged = fixtures.approvedPayment(fixtures.billingKey(), 7_000);
    String transmissionId = WebhookFixtures.newTransmissionId();
    Instant receivedAt = clock.instant().minus(Duration.ofMinutes(5));
    // as if the node stopped right after the commit: stored, but nobody was told to process it
    deliveries.insert(
        new WebhookDeliveries.NewDelivery(
            transmissionId,
            "PAYMENT_STATUS_CHANGED",
            charged.paymentKey(),
            charged.orderId(),
            null,
            WebhookFixtures.paymentStatusChanged(
                charged.paymentKey(), charged.orderId(), "DONE", 7_000),
            "{}",
            null,
            null,
            receivedAt,
            receivedAt.plus(Duration.ofMinutes(1))));

    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> entry(transmissionId).status() == TossWebhookStatus.PROCESSED);
    assertThat(events.paymentUpdates(transmissionId))
        .singleElement()
        .satisfies(event -> assertThat(event.payment().status()).isEqualTo(PaymentStatus.DONE));
  }

  @Test
  void rejectsAtOnceWhenTossRefusesTheReadBackInsteadOfAskingAgain() {
    AtomicInteger lookups = new AtomicInteger();
    TossApiException refusal =
        new TossApiException(400, new TossError("INVALID_REQUEST", "잘못된 요청입니다."), "");
    WebhookProcessor refused =
        new WebhookProcessor(
            deliveries,
            new RefusingGateway(lookups, refusal),
            context,
            transaction,
            properties,
            metrics,
            clock);
    String transmissionId = WebhookFixtures.newTransmissionId();
    Instant now = clock.instant();
    // due only tomorrow, so the scheduled processing leaves it to this test
    long id =
        deliveries
            .insert(
                new WebhookDeliveries.NewDelivery(
                    transmissionId,
                    "PAYMENT_STATUS_CHANGED",
                    "forged-key",
                    "order-forged",
                    null,
                    WebhookFixtures.paymentStatusChanged(
                        "forged-key", "order-forged", "CANCELED", 50_000),
                    "{}",
                    null,
                    null,
                    now,
                    now.plus(Duration.ofDays(1))))
            .orElseThrow();

    refused.process(id);
    refused.process(id);

    TossWebhookEntry rejected = entry(transmissionId);
    assertThat(rejected.status()).isEqualTo(TossWebhookStatus.REJECTED);
    assertThat(rejected.attempts()).isEqualTo(1);
    assertThat(rejected.nextAttemptAt()).isNull();
    assertThat(rejected.lastError()).contains("INVALID_REQUEST");
    assertThat(lookups).hasValue(1);
    assertThat(events.publishedFor(transmissionId)).isEmpty();
  }

  private TossWebhookEntry entry(String transmissionId) {
    return log.find(transmissionId)
        .orElseThrow(() -> new AssertionError("not stored: " + transmissionId));
  }

  /** A Toss that refuses every payment lookup, counting them. */
  private record RefusingGateway(AtomicInteger lookups, TossApiException refusal)
      implements PaymentGateway {

    @Override
    public Optional<Payment> findPayment(String paymentKey) {
      lookups.incrementAndGet();
      throw refusal;
    }

    @Override
    public Optional<Payment> findPaymentByOrderId(String orderId) {
      lookups.incrementAndGet();
      throw refusal;
    }

    @Override
    public Billing issueBillingKey(
        String authKey, String customerKey, IdempotencyKey idempotencyKey) {
      throw new AssertionError("a webhook read-back only looks payments up");
    }

    @Override
    public ChargeOutcome charge(
        String billingKey, ChargeRequest request, IdempotencyKey idempotencyKey) {
      throw new AssertionError("a webhook read-back only looks payments up");
    }

    @Override
    public CancelOutcome cancel(
        String paymentKey, CancelRequest request, IdempotencyKey idempotencyKey) {
      throw new AssertionError("a webhook read-back only looks payments up");
    }

    @Override
    public void deleteBillingKey(String billingKey) {
      throw new AssertionError("a webhook read-back only looks payments up");
    }

    @Override
    public CardWindow cardWindow() {
      throw new AssertionError("a webhook read-back only looks payments up");
    }
  }

  private void setSandboxFaults(double internalErrorRate) throws Exception {
    HttpResponse<String> answer =
        http.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/toss-sandbox/_sandbox/faults"))
                .header("Authorization", io.tossbill.testing.TestSandbox.basicAuth())
                .header("Content-Type", "application/json")
                .PUT(
                    HttpRequest.BodyPublishers.ofString(
                        """
            {"internalErrorRate": %s, "connectionResetRate": 0, "resetAfterChargeRate": 0,
             "timeoutAfterChargeRate": 0}"""
                            .formatted(internalErrorRate)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
  }
}
