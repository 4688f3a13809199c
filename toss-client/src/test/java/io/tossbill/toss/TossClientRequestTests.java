package io.tossbill.toss;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The exact HTTP requests the client sends, checked on the wire. */
class TossClientRequestTests {

  /** base64("test_sk_zXLkKEypNArWmo50nX3lmeaxYG5R:"), as printed in toss-api.md §3. */
  static final String BASIC = "Basic dGVzdF9za196WExrS0V5cE5BcldtbzUwblgzbG1lYXhZRzVSOg==";

  static final String BILLING_KEY = "Z+t5vOvQ/xrj4499PeiJcjen28-V2RyqgYTwN44Rdzk0=";

  final FakeToss toss = new FakeToss();
  final JsonMapper json = JsonMapper.builder().build();

  @AfterEach
  void stop() {
    toss.close();
  }

  @Test
  void chargePostsToTheEncodedBillingKeyWithBasicAuthAndIdempotencyKey() {
    toss.answerResource(200, "payment-done.json");
    try (TossClient client = toss.clientBuilder().acceptLanguage("en-US").build()) {
      ChargeRequest request =
          ChargeRequest.of(
                  "3f1c2d7e-8c0b-4a55-9d1e-6a0b2c9e7f10", 4900, "sub-2026-11-0001", "토스 프라임 구독")
              .withCustomer("customer123@gmail.com", "김토스");

      client.charge(
          BILLING_KEY, request, IdempotencyKey.of("6f1b3c2a-0d55-4b0e-9a43-2e9a1f7c8d01"));

      FakeToss.Recorded sent = toss.lastRequest();
      assertThat(sent.method()).isEqualTo("POST");
      assertThat(sent.rawPath())
          .isEqualTo("/v1/billing/Z%2Bt5vOvQ%2Fxrj4499PeiJcjen28-V2RyqgYTwN44Rdzk0%3D");
      assertThat(sent.header("Authorization")).isEqualTo(BASIC);
      assertThat(sent.header("Idempotency-Key")).isEqualTo("6f1b3c2a-0d55-4b0e-9a43-2e9a1f7c8d01");
      assertThat(sent.header("Accept-Language")).isEqualTo("en-US");
      assertThat(sent.header("Content-Type")).startsWith("application/json");
      JsonNode body = json.readTree(sent.body());
      assertThat(body.get("customerKey").asString())
          .isEqualTo("3f1c2d7e-8c0b-4a55-9d1e-6a0b2c9e7f10");
      assertThat(body.get("amount").isIntegralNumber()).isTrue();
      assertThat(body.get("amount").asLong()).isEqualTo(4900);
      assertThat(body.get("orderId").asString()).isEqualTo("sub-2026-11-0001");
      assertThat(body.get("orderName").asString()).isEqualTo("토스 프라임 구독");
      assertThat(body.get("customerEmail").asString()).isEqualTo("customer123@gmail.com");
      assertThat(body.get("customerName").asString()).isEqualTo("김토스");
      assertThat(body.has("taxFreeAmount")).as("null optional fields are left out").isFalse();
    }
  }

  @Test
  void retriesOfOneChargeCarryTheSameIdempotencyKey() {
    toss.answerResource(200, "payment-done.json");
    try (TossClient client = toss.client()) {
      ChargeRequest request = ChargeRequest.of("customer-1", 4900, "sub-2026-11-0001", "구독");
      IdempotencyKey key = IdempotencyKey.of("charge-attempt-42");

      client.charge(BILLING_KEY, request, key);
      client.charge(BILLING_KEY, request, key);

      assertThat(toss.requests())
          .hasSize(2)
          .extracting(sent -> sent.header("Idempotency-Key"))
          .containsExactly("charge-attempt-42", "charge-attempt-42");
    }
  }

  @Test
  void sendsNoAcceptLanguageUnlessConfigured() {
    toss.answerResource(200, "payment-done.json");
    try (TossClient client = toss.client()) {
      client.findPayment("pay_1");

      assertThat(toss.lastRequest().header("Accept-Language")).isNull();
    }
  }

  @Test
  void issueBillingKeyPostsAuthKeyAndCustomerKey() {
    toss.answerResource(200, "billing.json");
    try (TossClient client = toss.client()) {
      client.issueBillingKey(
          "bln_aX9authKey", "3f1c2d7e-8c0b-4a55-9d1e-6a0b2c9e7f10", IdempotencyKey.of("issue-1"));

      FakeToss.Recorded sent = toss.lastRequest();
      assertThat(sent.method()).isEqualTo("POST");
      assertThat(sent.rawPath()).isEqualTo("/v1/billing/authorizations/issue");
      assertThat(sent.header("Authorization")).isEqualTo(BASIC);
      assertThat(sent.header("Idempotency-Key")).isEqualTo("issue-1");
      JsonNode body = json.readTree(sent.body());
      assertThat(body.properties()).hasSize(2);
      assertThat(body.get("authKey").asString()).isEqualTo("bln_aX9authKey");
      assertThat(body.get("customerKey").asString())
          .isEqualTo("3f1c2d7e-8c0b-4a55-9d1e-6a0b2c9e7f10");
    }
  }

  @Test
  void issueWithCardPostsTheCardFieldsAndLeavesOutMissingOnes() {
    toss.answerResource(200, "billing.json");
    try (TossClient client = toss.client()) {
      client.issueBillingKeyWithCard(
          new CardBillingRequest(
              "customer-1", "4330123412341234", "28", "12", "900101", null, "김토스", null),
          IdempotencyKey.of("issue-card-1"));

      FakeToss.Recorded sent = toss.lastRequest();
      assertThat(sent.rawPath()).isEqualTo("/v1/billing/authorizations/card");
      assertThat(sent.header("Idempotency-Key")).isEqualTo("issue-card-1");
      JsonNode body = json.readTree(sent.body());
      assertThat(body.get("customerKey").asString()).isEqualTo("customer-1");
      assertThat(body.get("cardNumber").asString()).isEqualTo("4330123412341234");
      assertThat(body.get("cardExpirationYear").asString()).isEqualTo("28");
      assertThat(body.get("cardExpirationMonth").asString()).isEqualTo("12");
      assertThat(body.get("customerIdentityNumber").asString()).isEqualTo("900101");
      assertThat(body.get("customerName").asString()).isEqualTo("김토스");
      assertThat(body.has("cardPassword")).isFalse();
      assertThat(body.has("customerEmail")).isFalse();
    }
  }

  @Test
  void partialCancelSendsReasonAndAmount() {
    toss.answerResource(200, "payment-partial-canceled.json");
    try (TossClient client = toss.client()) {
      client.cancel(
          "5EnNZRJGvaBX7zk2yd8ydw26XvwXkLrx9POLqKQjmAw4b0e1",
          CancelRequest.partial("구독 해지 환불", 1000),
          IdempotencyKey.of("cancel-1"));

      FakeToss.Recorded sent = toss.lastRequest();
      assertThat(sent.method()).isEqualTo("POST");
      assertThat(sent.rawPath())
          .isEqualTo("/v1/payments/5EnNZRJGvaBX7zk2yd8ydw26XvwXkLrx9POLqKQjmAw4b0e1/cancel");
      assertThat(sent.header("Idempotency-Key")).isEqualTo("cancel-1");
      JsonNode body = json.readTree(sent.body());
      assertThat(body.get("cancelReason").asString()).isEqualTo("구독 해지 환불");
      assertThat(body.get("cancelAmount").asLong()).isEqualTo(1000);
    }
  }

  @Test
  void fullCancelLeavesOutTheAmount() {
    toss.answerResource(200, "payment-partial-canceled.json");
    try (TossClient client = toss.client()) {
      client.cancel("pay_1", CancelRequest.full("환불"), IdempotencyKey.of("cancel-2"));

      JsonNode body = json.readTree(toss.lastRequest().body());
      assertThat(body.properties()).hasSize(1);
      assertThat(body.get("cancelReason").asString()).isEqualTo("환불");
    }
  }

  @Test
  void lookupsAreGetsWithoutIdempotencyKey() {
    toss.answerResource(200, "payment-done.json");
    try (TossClient client = toss.client()) {
      client.findPayment("5EnNZRJGvaBX7zk2yd8ydw26XvwXkLrx9POLqKQjmAw4b0e1");
      FakeToss.Recorded byKey = toss.lastRequest();
      client.findPaymentByOrderId("sub-2026-11-0001");
      FakeToss.Recorded byOrder = toss.lastRequest();

      assertThat(byKey.method()).isEqualTo("GET");
      assertThat(byKey.rawPath())
          .isEqualTo("/v1/payments/5EnNZRJGvaBX7zk2yd8ydw26XvwXkLrx9POLqKQjmAw4b0e1");
      assertThat(byKey.header("Idempotency-Key")).isNull();
      assertThat(byKey.header("Authorization")).isEqualTo(BASIC);
      assertThat(byOrder.method()).isEqualTo("GET");
      assertThat(byOrder.rawPath()).isEqualTo("/v1/payments/orders/sub-2026-11-0001");
    }
  }

  @Test
  void deleteBillingKeyIsADeleteOfTheEncodedKeyWithoutBody() {
    toss.answer(200, "");
    try (TossClient client = toss.client()) {
      client.deleteBillingKey(BILLING_KEY);

      FakeToss.Recorded sent = toss.lastRequest();
      assertThat(sent.method()).isEqualTo("DELETE");
      assertThat(sent.rawPath())
          .isEqualTo("/v1/billing/Z%2Bt5vOvQ%2Fxrj4499PeiJcjen28-V2RyqgYTwN44Rdzk0%3D");
      assertThat(sent.header("Authorization")).isEqualTo(BASIC);
      assertThat(sent.body()).isEmpty();
    }
  }

  @Test
  void keepsThePathOfAMountedSandbox() {
    toss.answerResource(200, "payment-done.json");
    try (TossClient client =
        toss.clientBuilder().baseUri(URI.create(toss.uri() + "/toss-sandbox/")).build()) {
      client.findPaymentByOrderId("sub-2026-11-0001");

      assertThat(toss.lastRequest().rawPath())
          .isEqualTo("/toss-sandbox/v1/payments/orders/sub-2026-11-0001");
    }
  }
}
