package io.tossbill.sandbox;

import static io.tossbill.sandbox.SandboxHttp.charge;
import static io.tossbill.sandbox.SandboxHttp.orderId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

@SandboxIntegrationTest
class IdempotencyIntegrationTests {

  @LocalServerPort int port;

  SandboxHttp http;
  String secretKey;

  @BeforeEach
  void setUp() {
    http = new SandboxHttp(port, "");
    secretKey = http.newSecretKey();
  }

  @AfterEach
  void resetClock() {
    http.control("POST", "/_sandbox/clock/reset", "");
  }

  @Test
  void replaysFirstResponseForSameIdempotencyKey() {
    String billingKey = http.billingKey(secretKey, "cust-idem", "4330123412341234");
    String first = orderId();

    SandboxHttp.Response original =
        http.post(
            secretKey,
            "/v1/billing/" + billingKey,
            charge("cust-idem", 4900, first),
            "Idempotency-Key",
            "key-1");
    SandboxHttp.Response replay =
        http.post(
            secretKey,
            "/v1/billing/" + billingKey,
            charge("cust-idem", 9900, orderId()),
            "Idempotency-Key",
            "key-1");

    assertThat(replay.status()).isEqualTo(200);
    assertThat(replay.bytes()).isEqualTo(original.bytes());
    assertThat(http.get(secretKey, "/_sandbox/ledger").json()).hasSize(1);

    SandboxHttp.Response otherKey =
        http.post(
            secretKey,
            "/v1/billing/" + billingKey,
            charge("cust-idem", 9900, orderId()),
            "Idempotency-Key",
            "key-2");
    assertThat(otherKey.json().get("totalAmount").asLong()).isEqualTo(9900);
  }

  @Test
  void replaysErrorsToo() {
    String billingKey = http.billingKey(secretKey, "cust-idem-err", "4000000000000201");
    SandboxHttp.Response first =
        http.post(
            secretKey,
            "/v1/billing/" + billingKey,
            charge("cust-idem-err", 1000, orderId()),
            "Idempotency-Key",
            "decline-1");
    SandboxHttp.Response again =
        http.post(
            secretKey,
            "/v1/billing/" + billingKey,
            charge("cust-idem-err", 1000, orderId()),
            "Idempotency-Key",
            "decline-1");
    assertThat(first.status()).isEqualTo(403);
    assertThat(again.status()).isEqualTo(403);
    assertThat(again.bytes()).isEqualTo(first.bytes());
    assertThat(http.get(secretKey, "/_sandbox/ledger").json()).hasSize(1);
  }

  @Test
  void scopesKeysBySecretKeyAndPath() {
    String billingKey = http.billingKey(secretKey, "cust-scope", "4330123412341234");
    String other = http.newSecretKey();
    String otherBillingKey = http.billingKey(other, "cust-scope", "4330123412341234");
    http.post(
        secretKey,
        "/v1/billing/" + billingKey,
        charge("cust-scope", 1000, orderId()),
        "Idempotency-Key",
        "same");

    SandboxHttp.Response otherMerchant =
        http.post(
            other,
            "/v1/billing/" + otherBillingKey,
            charge("cust-scope", 2000, orderId()),
            "Idempotency-Key",
            "same");
    String secondKey = http.billingKey(secretKey, "cust-scope", "4330123412341234");
    SandboxHttp.Response otherPath =
        http.post(
            secretKey,
            "/v1/billing/" + secondKey,
            charge("cust-scope", 3000, orderId()),
            "Idempotency-Key",
            "same");

    assertThat(otherMerchant.json().get("totalAmount").asLong()).isEqualTo(2000);
    assertThat(otherPath.json().get("totalAmount").asLong()).isEqualTo(3000);
  }

  @Test
  void answers409WhileFirstRequestIsInFlight() throws Exception {
    String billingKey = http.billingKey(secretKey, "cust-slow", "4000000000000301");
    Map<String, Object> body = charge("cust-slow", 1000, orderId());
    CompletableFuture<SandboxHttp.Response> first =
        CompletableFuture.supplyAsync(
            () ->
                http.post(
                    secretKey, "/v1/billing/" + billingKey, body, "Idempotency-Key", "slow-1"));
    await()
        .atMost(5, TimeUnit.SECONDS)
        .until(() -> http.get(secretKey, "/_sandbox/idempotency").body().contains("IN_FLIGHT"));

    SandboxHttp.Response inFlight =
        http.post(secretKey, "/v1/billing/" + billingKey, body, "Idempotency-Key", "slow-1");
    SandboxHttp.Response sameOrderNoKey = http.post(secretKey, "/v1/billing/" + billingKey, body);

    assertThat(inFlight.status()).isEqualTo(409);
    assertThat(inFlight.code()).isEqualTo("IDEMPOTENT_REQUEST_PROCESSING");
    assertThat(inFlight.json().get("message").asString()).isEqualTo("이전 멱등 요청이 처리중입니다.");
    assertThat(sameOrderNoKey.code()).isEqualTo("ALREADY_PROCESSING_REQUEST");
    SandboxHttp.Response done = first.get(10, TimeUnit.SECONDS);
    assertThat(done.status()).isEqualTo(200);
    assertThat(
            http.post(secretKey, "/v1/billing/" + billingKey, body, "Idempotency-Key", "slow-1")
                .bytes())
        .isEqualTo(done.bytes());
  }

  @Test
  void refusesKeysLongerThan300Characters() {
    String billingKey = http.billingKey(secretKey, "cust-long", "4330123412341234");
    SandboxHttp.Response response =
        http.post(
            secretKey,
            "/v1/billing/" + billingKey,
            charge("cust-long", 1000, orderId()),
            "Idempotency-Key",
            "k".repeat(301));
    assertThat(response.status()).isEqualTo(400);
    assertThat(response.code()).isEqualTo("INVALID_IDEMPOTENCY_KEY");
    assertThat(
            http.post(
                    secretKey,
                    "/v1/billing/" + billingKey,
                    charge("cust-long", 1000, orderId()),
                    "Idempotency-Key",
                    "k".repeat(300))
                .status())
        .isEqualTo(200);
  }

  @Test
  void ignoresKeyOnGetAndDelete() {
    String billingKey = http.billingKey(secretKey, "cust-get", "4330123412341234");
    String order = orderId();
    assertThat(
            http.get(secretKey, "/v1/payments/orders/" + order, "Idempotency-Key", "get-1")
                .status())
        .isEqualTo(404);
    http.post(secretKey, "/v1/billing/" + billingKey, charge("cust-get", 1000, order));
    assertThat(
            http.get(secretKey, "/v1/payments/orders/" + order, "Idempotency-Key", "get-1")
                .status())
        .isEqualTo(200);
    assertThat(
            http.delete(secretKey, "/v1/billing/" + billingKey, "Idempotency-Key", "del-1")
                .status())
        .isEqualTo(200);
    assertThat(
            http.delete(secretKey, "/v1/billing/" + billingKey, "Idempotency-Key", "del-1")
                .status())
        .isEqualTo(404);
  }

  @Test
  void forgetsKeysAfter15DaysOnTheSandboxClock() {
    String billingKey = http.billingKey(secretKey, "cust-exp", "4330123412341234");
    SandboxHttp.Response first =
        http.post(
            secretKey,
            "/v1/billing/" + billingKey,
            charge("cust-exp", 1000, orderId()),
            "Idempotency-Key",
            "expiring");
    http.control("POST", "/_sandbox/clock/advance", Map.of("duration", "P14DT23H"));
    assertThat(
            http.post(
                    secretKey,
                    "/v1/billing/" + billingKey,
                    charge("cust-exp", 2000, orderId()),
                    "Idempotency-Key",
                    "expiring")
                .bytes())
        .isEqualTo(first.bytes());

    http.control("POST", "/_sandbox/clock/advance", Map.of("duration", "PT1H"));
    SandboxHttp.Response fresh =
        http.post(
            secretKey,
            "/v1/billing/" + billingKey,
            charge("cust-exp", 2000, orderId()),
            "Idempotency-Key",
            "expiring");

    assertThat(fresh.json().get("totalAmount").asLong()).isEqualTo(2000);
    assertThat(fresh.bytes()).isNotEqualTo(first.bytes());
    assertThat(http.get(secretKey, "/_sandbox/ledger").json()).hasSize(2);

    // the key used again is a new key: its new first answer is what it replays from now on
    SandboxHttp.Response replayOfFresh =
        http.post(
            secretKey,
            "/v1/billing/" + billingKey,
            charge("cust-exp", 3000, orderId()),
            "Idempotency-Key",
            "expiring");
    assertThat(replayOfFresh.bytes()).isEqualTo(fresh.bytes());
    assertThat(http.get(secretKey, "/_sandbox/ledger").json()).hasSize(2);
  }

  @Test
  void replaysThePaymentAsFirstAnsweredAfterLaterCancels() {
    String billingKey = http.billingKey(secretKey, "cust-later", "4330123412341234");
    SandboxHttp.Response charged =
        http.post(
            secretKey,
            "/v1/billing/" + billingKey,
            charge("cust-later", 10_000, orderId()),
            "Idempotency-Key",
            "charge-then-cancel",
            "Accept-Language",
            "en-US");
    String paymentKey = charged.json().get("paymentKey").asString();
    String cancelPath = "/v1/payments/" + paymentKey + "/cancel";
    SandboxHttp.Response partial =
        http.post(
            secretKey,
            cancelPath,
            Map.of("cancelReason", "일부 환불", "cancelAmount", 3000),
            "Idempotency-Key",
            "cancel-1");
    http.post(
        secretKey, cancelPath, Map.of("cancelReason", "전액 환불"), "Idempotency-Key", "cancel-2");

    SandboxHttp.Response chargeReplay =
        http.post(
            secretKey,
            "/v1/billing/" + billingKey,
            charge("cust-later", 10_000, orderId()),
            "Idempotency-Key",
            "charge-then-cancel");
    SandboxHttp.Response partialReplay =
        http.post(
            secretKey, cancelPath, Map.of("cancelReason", "다른 사유"), "Idempotency-Key", "cancel-1");

    assertThat(chargeReplay.bytes()).isEqualTo(charged.bytes());
    assertThat(chargeReplay.json().get("status").asString()).isEqualTo("DONE");
    assertThat(partialReplay.bytes()).isEqualTo(partial.bytes());
    assertThat(partialReplay.json().get("status").asString()).isEqualTo("PARTIAL_CANCELED");
    assertThat(http.get(secretKey, "/v1/payments/" + paymentKey).json().get("status").asString())
        .isEqualTo("CANCELED");
  }

  @Test
  void replaysABillingKeyIssueAsFirstAnsweredAfterTheKeyWasDeleted() {
    SandboxHttp.Response issued =
        http.post(
            secretKey,
            "/v1/billing/authorizations/card",
            SandboxHttp.card("cust-issue", "4330123412341234"),
            "Idempotency-Key",
            "issue-1");
    String billingKey = issued.json().get("billingKey").asString();
    assertThat(http.delete(secretKey, "/v1/billing/" + billingKey).status()).isEqualTo(200);

    SandboxHttp.Response replay =
        http.post(
            secretKey,
            "/v1/billing/authorizations/card",
            SandboxHttp.card("cust-other", "5330123412341234"),
            "Idempotency-Key",
            "issue-1");

    assertThat(replay.status()).isEqualTo(200);
    assertThat(replay.bytes()).isEqualTo(issued.bytes());
  }
}
