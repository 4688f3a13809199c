package io.tossbill.webhook;

import io.tossbill.toss.Billing;
import io.tossbill.toss.CancelOutcome;
import io.tossbill.toss.CancelRequest;
import io.tossbill.toss.CardBillingRequest;
import io.tossbill.toss.ChargeOutcome;
import io.tossbill.toss.ChargeRequest;
import io.tossbill.toss.IdempotencyKey;
import io.tossbill.toss.Payment;
import io.tossbill.toss.TossClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The mounted sandbox, spoken to over HTTP as a merchant would, and a stand-in for Toss's webhook
 * sender.
 */
final class WebhookFixtures implements AutoCloseable {

  /** The server's own sandbox merchant, so the server's read-back sees these payments. */
  static final String SANDBOX_SECRET_KEY = io.tossbill.testing.TestSandbox.SECRET_KEY;

  private final int port;
  private final TossClient toss;
  private final HttpClient http = HttpClient.newHttpClient();

  WebhookFixtures(int port) {
    this.port = port;
    this.toss =
        TossClient.builder()
            .secretKey(SANDBOX_SECRET_KEY)
            .baseUri(URI.create("http://127.0.0.1:" + port + "/toss-sandbox"))
            .build();
  }

  TossClient toss() {
    return toss;
  }

  Billing billingKey() {
    String customerKey = "cust_" + UUID.randomUUID();
    return toss.issueBillingKeyWithCard(
        new CardBillingRequest(
            customerKey, "4111111111111111", "30", "12", "900101", null, "김토스", null),
        IdempotencyKey.of(UUID.randomUUID().toString()));
  }

  Payment approvedPayment(Billing billing, long amount) {
    ChargeOutcome outcome =
        toss.charge(
            billing.billingKey(),
            ChargeRequest.of(
                billing.customerKey(), amount, "order-" + UUID.randomUUID(), "tossbill 웹훅 테스트"),
            IdempotencyKey.of(UUID.randomUUID().toString()));
    if (!(outcome instanceof ChargeOutcome.Approved approved)) {
      throw new AssertionError("the sandbox did not approve the charge: " + outcome);
    }
    return approved.payment();
  }

  Payment canceled(Payment payment) {
    CancelOutcome outcome =
        toss.cancel(
            payment.paymentKey(),
            CancelRequest.full("고객 요청"),
            IdempotencyKey.of(UUID.randomUUID().toString()));
    if (!(outcome instanceof CancelOutcome.Canceled canceled)) {
      throw new AssertionError("the sandbox did not cancel: " + outcome);
    }
    return canceled.payment();
  }

  @Override
  public void close() {
    toss.close();
    http.close();
  }

  static String newTransmissionId() {
    return "whtrans_test_" + UUID.randomUUID().toString().replace("-", "");
  }

  /** Posts a body to our endpoint as Toss would: with Toss's headers unless the id is null. */
  HttpResponse<String> deliver(String body, @Nullable String transmissionId) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/webhooks/toss"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (transmissionId != null) {
      request
          .header(WebhookInbox.TRANSMISSION_ID, transmissionId)
          .header(WebhookInbox.TRANSMISSION_TIME, "2026-11-24T12:19:21+09:00")
          .header(WebhookInbox.RETRIED_COUNT, "0");
    }
    try {
      return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A PAYMENT_STATUS_CHANGED body claiming whatever the caller wants. */
  static String paymentStatusChanged(
      String paymentKey, String orderId, String claimedStatus, long claimedAmount) {
    return WebhookInbox.JSON.writeValueAsString(
        Map.of(
            "eventType", "PAYMENT_STATUS_CHANGED",
            "createdAt", "2026-11-24T12:19:20.123456",
            "data",
                Map.of(
                    "mId", "tossbill_local",
                    "version", "2022-11-16",
                    "paymentKey", paymentKey,
                    "orderId", orderId,
                    "status", claimedStatus,
                    "totalAmount", claimedAmount,
                    "balanceAmount", claimedAmount,
                    "approvedAt", "2026-11-24T12:19:00+09:00")));
  }

  static String billingDeleted(String billingKey) {
    return WebhookInbox.JSON.writeValueAsString(
        Map.of(
            "eventType", "BILLING_DELETED",
            "createdAt", "2026-11-24T12:19:20.123456",
            "data", Map.of("billingKey", billingKey, "reason", "삭제 API 요청")));
  }
}
