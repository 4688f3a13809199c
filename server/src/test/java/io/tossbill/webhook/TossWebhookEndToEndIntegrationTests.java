package io.tossbill.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tossbill.toss.Billing;
import io.tossbill.toss.Payment;
import io.tossbill.toss.PaymentStatus;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The mounted sandbox sends its real webhooks, with Toss's headers, to our own endpoint (the
 * default run does so by configuration, see GatewayDefaultRunIntegrationTests; the test
 * configuration sends none unless a test asks, as this one does for its merchant).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class TossWebhookEndToEndIntegrationTests {

  private static final Duration DELIVERY = Duration.ofSeconds(30);

  @LocalServerPort int port;
  @Autowired ConfigurableApplicationContext context;
  @Autowired TossWebhookLog log;
  @Autowired JdbcClient jdbc;

  private WebhookFixtures fixtures;
  private PublishedEvents events;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void pointTheSandboxsWebhooksAtUs() throws Exception {
    fixtures = new WebhookFixtures(port);
    events = PublishedEvents.listenTo(context);
    sandboxWebhook(
        "PUT",
        """
        {"url": "http://127.0.0.1:%d/webhooks/toss"}"""
            .formatted(port));
  }

  @AfterEach
  void stopPointingAtUs() throws Exception {
    sandboxWebhook("DELETE", null);
    events.close();
    fixtures.close();
  }

  @Test
  void aCancelInTheSandboxArrivesAsAPaymentUpdateReadBackFromToss() throws Exception {
    Payment charged = fixtures.approvedPayment(fixtures.billingKey(), 33_000);

    fixtures.canceled(charged);

    await().atMost(DELIVERY).until(() -> !events.paymentUpdatesOf(charged.paymentKey()).isEmpty());
    TossPaymentUpdated update = events.paymentUpdatesOf(charged.paymentKey()).getFirst();
    assertThat(update.payment().status()).isEqualTo(PaymentStatus.CANCELED);
    assertThat(update.payment().totalAmount()).isEqualTo(33_000);
    assertThat(update.transmissionId()).isNotBlank().doesNotStartWith("sha256:");
    TossWebhookEntry entry = log.find(update.transmissionId()).orElseThrow();
    assertThat(entry.eventType()).isEqualTo("PAYMENT_STATUS_CHANGED");
    assertThat(entry.paymentKey()).isEqualTo(charged.paymentKey());
    assertThat(entry.retriedCount()).isZero();
    assertThat(entry.status()).isEqualTo(TossWebhookStatus.PROCESSED);
    assertThat(sandboxDeliveries())
        .contains("\"url\" : \"http://127.0.0.1:" + port + "/webhooks/toss\"")
        .contains("\"status\" : \"DELIVERED\"");
    assertThat(
            jdbc.sql(
                    """
            SELECT headers ->> 'tosspayments-webhook-transmission-time'
            FROM toss_webhook_delivery WHERE transmission_id = :id""")
                .param("id", update.transmissionId())
                .query(String.class)
                .single())
        .isNotBlank();
  }

  @Test
  void aBillingKeyDeletedInTheSandboxArrivesAsTossBillingKeyDeleted() {
    Billing billing = fixtures.billingKey();

    fixtures.toss().deleteBillingKey(billing.billingKey());

    await()
        .atMost(DELIVERY)
        .until(() -> !events.billingKeyDeletions(billing.billingKey()).isEmpty());
    TossBillingKeyDeleted deleted = events.billingKeyDeletions(billing.billingKey()).getFirst();
    assertThat(log.find(deleted.transmissionId()))
        .hasValueSatisfying(
            entry -> {
              assertThat(entry.eventType()).isEqualTo("BILLING_DELETED");
              assertThat(entry.status()).isEqualTo(TossWebhookStatus.PROCESSED);
              assertThat(entry.billingKeyMasked()).doesNotContain(billing.billingKey());
            });
  }

  private void sandboxWebhook(String method, String body) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/toss-sandbox/_sandbox/webhook"))
            .header("Authorization", io.tossbill.testing.TestSandbox.basicAuth())
            .header("Content-Type", "application/json");
    request.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    HttpResponse<String> answer = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
  }

  /** The mounted sandbox's own record of its deliveries to the server's merchant. */
  private String sandboxDeliveries() throws Exception {
    HttpResponse<String> answer =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(
                        "http://127.0.0.1:" + port + "/toss-sandbox/_sandbox/webhooks/deliveries"))
                .header("Authorization", io.tossbill.testing.TestSandbox.basicAuth())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    return answer.body();
  }
}
