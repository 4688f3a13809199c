package io.tossbill.sandbox;

import static io.tossbill.sandbox.SandboxHttp.charge;
import static io.tossbill.sandbox.SandboxHttp.orderId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

@SandboxIntegrationTest
class FaultsAndControlsIntegrationTests {

  @LocalServerPort int port;

  SandboxHttp http;
  String secretKey;

  @BeforeEach
  void setUp() {
    http = new SandboxHttp(port, "");
    secretKey = http.newSecretKey();
  }

  @AfterEach
  void clearControls() {
    http.control("PUT", "/_sandbox/faults", Map.of());
    http.control("PUT", "/_sandbox/latency", Map.of("mode", "none"));
    http.control("POST", "/_sandbox/clock/reset", "");
  }

  @Test
  void hangCardChargesButHoldsTheResponseUntilTheClientTimesOut() {
    String billingKey = http.billingKey(secretKey, "cust-hang", "4000000000000302");
    String order = orderId();

    assertThatThrownBy(
            () ->
                http.postWithTimeout(
                    secretKey,
                    "/v1/billing/" + billingKey,
                    charge("cust-hang", 4900, order),
                    Duration.ofMillis(800),
                    "Idempotency-Key",
                    "hang-1"))
        .isInstanceOf(HttpTimeoutException.class);

    JsonNode ledger = http.get(secretKey, "/_sandbox/ledger").json();
    assertThat(ledger).hasSize(1);
    assertThat(ledger.get(0).get("status").asString()).isEqualTo("DONE");
    assertThat(ledger.get(0).get("orderId").asString()).isEqualTo(order);
    assertThat(ledger.get(0).get("amount").asLong()).isEqualTo(4900);
    assertThat(http.get(secretKey, "/v1/payments/orders/" + order).json().get("status").asString())
        .isEqualTo("DONE");
    assertThat(
            http.post(secretKey, "/v1/billing/" + billingKey, charge("cust-hang", 4900, order))
                .code())
        .isEqualTo("DUPLICATED_ORDER_ID");
  }

  @Test
  void aSameKeyRetryDuringTheHangIsInFlightAndAfterItReplaysTheCharge() {
    String billingKey = http.billingKey(secretKey, "cust-hang-retry", "4000000000000302");
    String order = orderId();
    String path = "/v1/billing/" + billingKey;

    assertThatThrownBy(
            () ->
                http.postWithTimeout(
                    secretKey,
                    path,
                    charge("cust-hang-retry", 4900, order),
                    Duration.ofMillis(800),
                    "Idempotency-Key",
                    "hang-2"))
        .isInstanceOf(HttpTimeoutException.class);

    SandboxHttp.Response during =
        http.post(
            secretKey, path, charge("cust-hang-retry", 4900, order), "Idempotency-Key", "hang-2");
    assertThat(during.status()).isEqualTo(409);
    assertThat(during.code()).isEqualTo("IDEMPOTENT_REQUEST_PROCESSING");
    assertThat(http.get(secretKey, "/_sandbox/ledger").json()).hasSize(1);

    await()
        .atMost(Duration.ofSeconds(6))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () ->
                http.post(
                            secretKey,
                            path,
                            charge("cust-hang-retry", 4900, order),
                            "Idempotency-Key",
                            "hang-2")
                        .status()
                    == 200);
    SandboxHttp.Response after =
        http.post(
            secretKey, path, charge("cust-hang-retry", 4900, order), "Idempotency-Key", "hang-2");
    assertThat(after.json().get("orderId").asString()).isEqualTo(order);
    assertThat(after.json().get("status").asString()).isEqualTo("DONE");
    assertThat(http.get(secretKey, "/_sandbox/ledger").json()).hasSize(1);
  }

  @Test
  void aSameKeyRetryDuringTheTimeoutAfterChargeFaultIsInFlight() {
    String billingKey = http.billingKey(secretKey, "cust-timeout-fault", "4330123412341234");
    String order = orderId();
    String path = "/v1/billing/" + billingKey;
    http.control("PUT", "/_sandbox/faults", Map.of("timeoutAfterChargeRate", 1.0, "seed", 7));

    assertThatThrownBy(
            () ->
                http.postWithTimeout(
                    secretKey,
                    path,
                    charge("cust-timeout-fault", 4900, order),
                    Duration.ofMillis(800),
                    "Idempotency-Key",
                    "fault-hang-1"))
        .isInstanceOf(HttpTimeoutException.class);
    http.control("PUT", "/_sandbox/faults", Map.of());

    assertThat(http.get(secretKey, "/_sandbox/ledger").json()).hasSize(1);
    assertThat(
            http.post(
                    secretKey,
                    path,
                    charge("cust-timeout-fault", 4900, order),
                    "Idempotency-Key",
                    "fault-hang-1")
                .code())
        .isEqualTo("IDEMPOTENT_REQUEST_PROCESSING");
    assertThat(http.get(secretKey, "/_sandbox/idempotency").body()).contains("IN_FLIGHT");
  }

  @Test
  void injectsInternalErrorsWithoutCharging() {
    String billingKey = http.billingKey(secretKey, "cust-5xx", "4330123412341234");
    http.control("PUT", "/_sandbox/faults", Map.of("internalErrorRate", 1.0, "seed", 7));

    SandboxHttp.Response response =
        http.post(
            secretKey,
            "/v1/billing/" + billingKey,
            charge("cust-5xx", 1000, orderId()),
            "Idempotency-Key",
            "fault-1");

    assertThat(response.status()).isEqualTo(500);
    assertThat(response.code()).isEqualTo("FAILED_INTERNAL_SYSTEM_PROCESSING");
    assertThat(http.get(secretKey, "/_sandbox/ledger").json()).isEmpty();
    http.control("PUT", "/_sandbox/faults", Map.of());
    assertThat(
            http.post(
                    secretKey,
                    "/v1/billing/" + billingKey,
                    charge("cust-5xx", 1000, orderId()),
                    "Idempotency-Key",
                    "fault-1")
                .status())
        .isEqualTo(200);
  }

  @Test
  void closesConnectionsAbruptly() {
    String billingKey = http.billingKey(secretKey, "cust-reset", "4330123412341234");
    http.control("PUT", "/_sandbox/faults", Map.of("connectionResetRate", 1.0));
    assertThatThrownBy(
            () ->
                http.post(
                    secretKey, "/v1/billing/" + billingKey, charge("cust-reset", 1000, orderId())))
        .hasCauseInstanceOf(IOException.class);
    assertThat(http.get(secretKey, "/_sandbox/ledger").json()).isEmpty();

    String order = orderId();
    http.control("PUT", "/_sandbox/faults", Map.of("resetAfterChargeRate", 1.0));
    assertThatThrownBy(
            () ->
                http.post(
                    secretKey, "/v1/billing/" + billingKey, charge("cust-reset", 1000, order)))
        .hasCauseInstanceOf(IOException.class);
    http.control("PUT", "/_sandbox/faults", Map.of());
    assertThat(http.get(secretKey, "/v1/payments/orders/" + order).json().get("status").asString())
        .isEqualTo("DONE");
  }

  @Test
  void drawsFaultsFromASeededRandom() {
    String billingKey = http.billingKey(secretKey, "cust-seed", "4330123412341234");
    StringBuilder first = new StringBuilder();
    StringBuilder second = new StringBuilder();
    for (StringBuilder run : new StringBuilder[] {first, second}) {
      http.control("PUT", "/_sandbox/faults", Map.of("internalErrorRate", 0.5, "seed", 42));
      for (int i = 0; i < 12; i++) {
        run.append(http.get(secretKey, "/v1/payments/orders/x-" + i).status()).append(' ');
      }
    }
    assertThat(first.toString()).isEqualTo(second.toString()).contains("500").contains("404");
  }

  @Test
  void addsConfiguredLatency() {
    SandboxHttp.Response set =
        http.control("PUT", "/_sandbox/latency", Map.of("mode", "fixed", "fixedMillis", 300));
    assertThat(set.json().get("mode").asString()).isEqualTo("fixed");
    long started = System.nanoTime();
    http.get(secretKey, "/v1/payments/orders/order-lat");
    assertThat(Duration.ofNanos(System.nanoTime() - started))
        .isGreaterThanOrEqualTo(Duration.ofMillis(300));
    assertThat(
            http.control(
                    "PUT",
                    "/_sandbox/latency",
                    Map.of("mode", "uniform", "minMillis", 10, "maxMillis", 20))
                .status())
        .isEqualTo(200);
    assertThat(
            http.control(
                    "PUT",
                    "/_sandbox/latency",
                    Map.of("mode", "normal", "meanMillis", 5, "stdDevMillis", 2))
                .status())
        .isEqualTo(200);
    assertThat(http.control("PUT", "/_sandbox/latency", Map.of("mode", "sometimes")).status())
        .isEqualTo(400);
    assertThat(http.control("PUT", "/_sandbox/faults", Map.of("internalErrorRate", 2)).status())
        .isEqualTo(400);
    assertThat(http.control("PUT", "/_sandbox/faults", "{nope").status()).isEqualTo(400);
  }

  @Test
  void listsLedgerPerMerchantAndResetsOneMerchant() {
    String billingKey = http.billingKey(secretKey, "cust-ledger", "4330123412341234");
    String paymentKey =
        http.post(secretKey, "/v1/billing/" + billingKey, charge("cust-ledger", 5000, orderId()))
            .json()
            .get("paymentKey")
            .asString();
    http.post(
        secretKey,
        "/v1/payments/" + paymentKey + "/cancel",
        Map.of("cancelReason", "환불", "cancelAmount", 2000));
    String other = http.newSecretKey();
    String otherKey = http.billingKey(other, "cust-ledger", "4330123412341234");
    http.post(other, "/v1/billing/" + otherKey, charge("cust-ledger", 7000, orderId()));

    JsonNode byHeader = http.get(secretKey, "/_sandbox/ledger").json();
    assertThat(byHeader).hasSize(2);
    assertThat(byHeader.get(0).get("type").asString()).isEqualTo("CHARGE");
    assertThat(byHeader.get(1).get("type").asString()).isEqualTo("CANCEL");
    assertThat(byHeader.get(1).get("amount").asLong()).isEqualTo(2000);
    assertThat(byHeader.get(1).get("status").asString()).isEqualTo("PARTIAL_CANCELED");
    assertThat(http.get(other, "/_sandbox/ledger").json()).hasSize(1);

    SandboxHttp.Response reset = http.control(secretKey, "POST", "/_sandbox/reset", "");
    assertThat(reset.status()).isEqualTo(200);
    assertThat(http.get(secretKey, "/_sandbox/ledger").json()).isEmpty();
    assertThat(http.get(secretKey, "/v1/payments/" + paymentKey).status()).isEqualTo(404);
    assertThat(http.get(other, "/_sandbox/ledger").json()).hasSize(1);
    // the merchant's keys outlive its data
    assertThat(http.billingKey(secretKey, "cust-after-reset", "4330123412341234")).isNotBlank();
  }

  @Test
  void movesTheClockForTimestamps() {
    String billingKey = http.billingKey(secretKey, "cust-clock", "4330123412341234");
    SandboxHttp.Response set =
        http.control("POST", "/_sandbox/clock/set", Map.of("instant", "2030-01-31T09:00:00+09:00"));
    assertThat(set.json().get("now").asString()).startsWith("2030-01-31T09:00");
    JsonNode payment =
        http.post(secretKey, "/v1/billing/" + billingKey, charge("cust-clock", 1000, orderId()))
            .json();
    assertThat(payment.get("approvedAt").asString()).startsWith("2030-01-31T09:00");

    JsonNode advanced =
        http.control("POST", "/_sandbox/clock/advance", Map.of("duration", "P1D")).json();
    assertThat(advanced.get("now").asString()).startsWith("2030-02-01T09:00");
    assertThat(
            http.control("POST", "/_sandbox/clock/advance", Map.of("duration", "-PT1H")).status())
        .isEqualTo(400);
    assertThat(http.control("POST", "/_sandbox/clock/set", Map.of("instant", "yesterday")).status())
        .isEqualTo(400);
    assertThat(http.control("GET", "/_sandbox", "").json().get("clock").get("now").asString())
        .startsWith("2030-02-01");
  }

  @Test
  void refusesClockMovesOutOfRangeAndKeepsTheClockWorking() {
    String before = http.control("GET", "/_sandbox/clock", "").json().get("offset").asString();
    for (Object body :
        List.of(
            "{\"seconds\": 1e30}",
            "{\"seconds\": 1e30}",
            "{\"seconds\": 99999999999999999999999}",
            "{\"seconds\": -1}",
            Map.of("seconds", SandboxClock.MAX_MOVE.getSeconds() + 1),
            Map.of("duration", "P36526D"),
            Map.of("duration", "PT2562047788015215H"),
            Map.of("duration", "PT99999999999999999999S"))) {
      SandboxHttp.Response refused = http.control("POST", "/_sandbox/clock/advance", body);
      assertThat(refused.status()).as(body.toString()).isEqualTo(400);
      assertThat(refused.code()).as(body.toString()).isEqualTo("INVALID_REQUEST");
    }
    for (String instant :
        List.of(
            "+999999999-12-31T23:59:59+09:00", "+10000-01-01T00:00:00Z", "1969-12-31T23:59:59Z")) {
      assertThat(http.control("POST", "/_sandbox/clock/set", Map.of("instant", instant)).status())
          .as(instant)
          .isEqualTo(400);
    }
    assertThat(http.control("GET", "/_sandbox/clock", "").json().get("offset").asString())
        .isEqualTo(before);
    assertThat(http.get(secretKey, "/v1/payments/orders/order-after-clock").code())
        .isEqualTo("NOT_FOUND_PAYMENT");

    JsonNode hundredYears =
        http.control("POST", "/_sandbox/clock/advance", Map.of("duration", "P36525D")).json();
    assertThat(Duration.parse(hundredYears.get("offset").asString()))
        .isEqualTo(Duration.parse(before).plusDays(36_525));
    assertThat(http.get(secretKey, "/v1/payments/orders/order-after-clock").code())
        .isEqualTo("NOT_FOUND_PAYMENT");
  }

  @Test
  void describesTestCards() {
    JsonNode cards = http.control(secretKey, "GET", "/_sandbox/test-cards", "").json();
    assertThat(cards.get("atCharge").get("4000000000000201").asString())
        .isEqualTo("REJECT_CARD_PAYMENT");
    assertThat(cards.get("refusedAtRegistration").get("4000000000000101").asString())
        .isEqualTo("REJECT_CARD_COMPANY");
  }
}
