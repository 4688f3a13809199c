package io.tossbill.sandbox;

import static io.tossbill.sandbox.SandboxHttp.charge;
import static io.tossbill.sandbox.SandboxHttp.orderId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

@SandboxIntegrationTest
class WebhookIntegrationTests {

  @LocalServerPort int port;

  SandboxHttp http;
  String secretKey;
  WebhookReceiver receiver;

  @BeforeEach
  void setUp() throws Exception {
    http = new SandboxHttp(port, "");
    secretKey = http.newSecretKey();
    receiver = new WebhookReceiver();
    SandboxHttp.Response set =
        http.control(secretKey, "PUT", "/_sandbox/webhook", Map.of("url", receiver.url()));
    assertThat(set.status()).isEqualTo(200);
  }

  @AfterEach
  void tearDown() {
    receiver.close();
    http.control("POST", "/_sandbox/clock/reset", "");
  }

  @Test
  void sendsPaymentStatusChangedOnCancelButNothingOnCharge() {
    String billingKey = http.billingKey(secretKey, "cust-wh", "4330123412341234");
    JsonNode payment =
        http.post(secretKey, "/v1/billing/" + billingKey, charge("cust-wh", 4900, orderId()))
            .json();
    String paymentKey = payment.get("paymentKey").asString();

    http.post(secretKey, "/v1/payments/" + paymentKey + "/cancel", Map.of("cancelReason", "고객 요청"));

    await().atMost(Duration.ofSeconds(5)).until(() -> receiver.received().size() == 1);
    WebhookReceiver.Received received = receiver.received().getFirst();
    assertThat(received.header("tosspayments-webhook-transmission-time"))
        .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\+09:00");
    assertThat(received.header("tosspayments-webhook-transmission-id")).startsWith("whtrans_");
    assertThat(received.header("tosspayments-webhook-transmission-retried-count")).isEqualTo("0");
    assertThat(received.header("Content-Type")).startsWith("application/json");
    JsonNode body = SandboxHttp.JSON.readTree(received.body());
    assertThat(BillingApiIntegrationTests.names(body))
        .containsExactly("eventType", "createdAt", "data");
    assertThat(body.get("eventType").asString()).isEqualTo("PAYMENT_STATUS_CHANGED");
    assertThat(body.get("createdAt").asString())
        .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}");
    assertThat(body.get("data").get("paymentKey").asString()).isEqualTo(paymentKey);
    assertThat(body.get("data").get("status").asString()).isEqualTo("CANCELED");
    assertThat(body.get("data").get("cancels")).hasSize(1);
    assertThat(body.get("data").get("version").asString()).isEqualTo("2022-11-16");

    JsonNode deliveries = http.get(secretKey, "/_sandbox/webhooks/deliveries").json();
    assertThat(deliveries).hasSize(1);
    await()
        .atMost(Duration.ofSeconds(5))
        .until(
            () ->
                http.get(secretKey, "/_sandbox/webhooks/deliveries")
                    .json()
                    .get(0)
                    .get("status")
                    .asString()
                    .equals("DELIVERED"));
  }

  @Test
  void sendsBillingDeleted() {
    String billingKey = http.billingKey(secretKey, "cust-whd", "4330123412341234");

    http.delete(secretKey, "/v1/billing/" + billingKey);

    await().atMost(Duration.ofSeconds(5)).until(() -> receiver.received().size() == 1);
    JsonNode body = SandboxHttp.JSON.readTree(receiver.received().getFirst().body());
    assertThat(body.get("eventType").asString()).isEqualTo("BILLING_DELETED");
    assertThat(body.get("data").get("billingKey").asString()).isEqualTo(billingKey);
    assertThat(body.get("data").get("reason").asString()).isEqualTo("삭제 API 요청");
    assertThat(BillingApiIntegrationTests.names(body.get("data")))
        .containsExactly("billingKey", "reason");
  }

  @Test
  void retriesOnNon200FollowingTheScheduleOnTheSandboxClock() {
    receiver.answer(204);
    String billingKey = http.billingKey(secretKey, "cust-whr", "4330123412341234");
    http.delete(secretKey, "/v1/billing/" + billingKey);
    await().atMost(Duration.ofSeconds(5)).until(() -> receiver.received().size() == 1);

    long[] minutes = {1, 4, 16, 64, 256, 1024, 4096};
    for (int retry = 0; retry < minutes.length; retry++) {
      int expected = retry + 2;
      http.control(
          "POST", "/_sandbox/clock/advance", Map.of("duration", "PT" + (minutes[retry] - 1) + "M"));
      await()
          .during(Duration.ofMillis(200))
          .atMost(Duration.ofSeconds(5))
          .until(() -> receiver.received().size() == expected - 1);
      http.control("POST", "/_sandbox/clock/advance", Map.of("duration", "PT1M"));
      await().atMost(Duration.ofSeconds(5)).until(() -> receiver.received().size() == expected);
      assertThat(
              receiver
                  .received()
                  .get(expected - 1)
                  .header("tosspayments-webhook-transmission-retried-count"))
          .isEqualTo(Integer.toString(retry + 1));
    }

    assertThat(receiver.received())
        .extracting(r -> r.header("tosspayments-webhook-transmission-id"))
        .containsOnly(
            receiver.received().getFirst().header("tosspayments-webhook-transmission-id"));
    await()
        .atMost(Duration.ofSeconds(5))
        .until(
            () ->
                http.get(secretKey, "/_sandbox/webhooks/deliveries")
                    .json()
                    .get(0)
                    .get("status")
                    .asString()
                    .equals("FAILED"));
    JsonNode delivery = http.get(secretKey, "/_sandbox/webhooks/deliveries").json().get(0);
    assertThat(delivery.get("attempts")).hasSize(8);
    assertThat(delivery.get("attempts").get(0).get("statusCode").asInt()).isEqualTo(204);
    http.control("POST", "/_sandbox/clock/advance", Map.of("duration", "P10D"));
    await()
        .during(Duration.ofMillis(300))
        .atMost(Duration.ofSeconds(2))
        .until(() -> receiver.received().size() == 8);
  }

  @Test
  void deliversOnARetryOnceTheReceiverAnswers200() {
    receiver.answer(500);
    String billingKey = http.billingKey(secretKey, "cust-whok", "4330123412341234");
    http.delete(secretKey, "/v1/billing/" + billingKey);
    await().atMost(Duration.ofSeconds(5)).until(() -> receiver.received().size() == 1);
    receiver.answer(200);

    http.control("POST", "/_sandbox/clock/advance", Map.of("seconds", 60));

    await()
        .atMost(Duration.ofSeconds(5))
        .until(
            () ->
                http.get(secretKey, "/_sandbox/webhooks/deliveries")
                    .json()
                    .get(0)
                    .get("status")
                    .asString()
                    .equals("DELIVERED"));
    assertThat(receiver.received()).hasSize(2);
  }
}
