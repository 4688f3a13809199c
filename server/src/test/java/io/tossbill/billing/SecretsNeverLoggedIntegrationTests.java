package io.tossbill.billing;

import static io.tossbill.billing.BillingFixture.GOOD_CARD;
import static io.tossbill.billing.BillingFixture.SOFT_DECLINE_CARD;
import static org.assertj.core.api.Assertions.assertThat;

import io.tossbill.catalog.PlanId;
import io.tossbill.customer.Cards;
import io.tossbill.customer.CustomerId;
import io.tossbill.customer.Customers;
import io.tossbill.payment.PaymentStatus;
import io.tossbill.payment.PaymentView;
import io.tossbill.testclock.TestClock;
import io.tossbill.testing.TestSandbox;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A whole lifecycle — a card registered, a subscription charged, renewed, declined on a new card,
 * refunded, a Toss webhook read back, an API key made — and not one secret in the log: no billing
 * key, no Toss secret key, no card number, no API key, no encryption key.
 */
@BillingIntegrationTest
@ExtendWith(OutputCaptureExtension.class)
class SecretsNeverLoggedIntegrationTests {

  @LocalServerPort int port;
  @Autowired Customers customers;
  @Autowired Cards cards;
  @Autowired TestClock clock;
  @Autowired Subscriptions subscriptions;
  @Autowired BillingPasses engine;
  @Autowired JdbcClient jdbc;

  @Value("${tossbill.customer.encryption-keys}")
  String encryptionKeys;

  @Test
  void aFullLifecycleLogsNoSecret(CapturedOutput output) throws Exception {
    // Everything tossbill logs, down to DEBUG, for this run: a secret must not hide in a quiet
    // level either.
    LoggingSystem logging = LoggingSystem.get(getClass().getClassLoader());
    logging.setLogLevel("io.tossbill", LogLevel.DEBUG);
    try {
      lifecycle(output);
    } finally {
      logging.setLogLevel("io.tossbill", null);
    }
  }

  private void lifecycle(CapturedOutput output) throws Exception {
    BillingFixture fixture = new BillingFixture(port, customers, cards, clock, jdbc);
    List<String> secrets = new ArrayList<>();
    secrets.add(TestSandbox.SECRET_KEY);
    secrets.add(BillingFixture.ADMIN_KEY);
    secrets.add(GOOD_CARD);
    secrets.add(SOFT_DECLINE_CARD);
    secrets.add(encryptionKeys.substring(encryptionKeys.indexOf(':') + 1));

    CustomerId customer = fixture.customerAt("2036-01-05T10:00:00+09:00", GOOD_CARD);
    secrets.add(cards.chargeableCard(customer).orElseThrow().billingKey());
    long plan = fixture.monthlyPlan("비밀 없는 로그", 10_000);
    SubscriptionId id =
        new SubscriptionId(subscriptions.subscribe(customer, new PlanId(plan)).id());
    fixture.moveTo(customer, "2036-02-05T09:00:30+09:00");
    engine.runDuePass(); // renewed
    fixture.registerCard(customer, SOFT_DECLINE_CARD);
    secrets.add(cards.chargeableCard(customer).orElseThrow().billingKey());
    fixture.moveTo(customer, "2036-03-05T09:00:30+09:00");
    engine.runDuePass(); // declined
    assertThat(subscriptions.view(id).status()).isEqualTo(SubscriptionStatus.PAST_DUE);

    PaymentView paid =
        subscriptions.payments(id).stream()
            .filter(p -> p.status() == PaymentStatus.APPROVED)
            .findFirst()
            .orElseThrow();
    fixture.ok("POST", "/api/v1/payments/" + paid.id() + "/refund", "{\"amount\":1000}");
    String apiKey =
        fixture
            .ok("POST", "/api/v1/admin/api-keys", "{\"name\":\"로그 검사\",\"role\":\"MERCHANT\"}")
            .get("key")
            .asString();
    secrets.add(apiKey);
    HttpResponse<String> webhook =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/webhooks/toss"))
                    .header("Content-Type", "application/json")
                    .header("tosspayments-webhook-transmission-id", "whtrans_log_" + paid.id())
                    .POST(
                        HttpRequest.BodyPublishers.ofString(
                            """
                            {"eventType":"PAYMENT_STATUS_CHANGED","createdAt":"2036-03-05T09:01:00.000000",
                             "data":{"paymentKey":"%s","orderId":"%s","status":"PARTIAL_CANCELED"}}
                            """
                                .formatted(paid.paymentKey(), paid.orderId())))
                    .timeout(Duration.ofSeconds(10))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(webhook.statusCode()).isEqualTo(200);
    fixture.ok("GET", "/api/v1/subscriptions/" + id.value() + "/payments", null);

    String log = output.getAll();
    assertThat(log).as("the run logged something").isNotBlank();
    for (String secret : secrets) {
      assertThat(log).as("a secret in the log").doesNotContain(secret);
    }
    // a card number never appears whole, with or without separators
    assertThat(log).doesNotContainPattern("4330[ -]?1234[ -]?1234[ -]?1234");
  }
}
