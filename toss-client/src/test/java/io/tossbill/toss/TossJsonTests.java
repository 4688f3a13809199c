package io.tossbill.toss;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** Reading the recorded Toss shapes of toss-api.md. */
class TossJsonTests {

  static final ZoneOffset SEOUL = ZoneOffset.ofHours(9);

  @Test
  void readsTheBillingChargePaymentExample() {
    Payment payment = TossJson.readPayment(bytes(FakeToss.resource("payment-done.json")));

    assertThat(payment).isNotNull();
    assertThat(payment.mId()).isEqualTo("tosspayments");
    assertThat(payment.version()).isEqualTo("2022-11-16");
    assertThat(payment.paymentKey()).isEqualTo("5EnNZRJGvaBX7zk2yd8ydw26XvwXkLrx9POLqKQjmAw4b0e1");
    assertThat(payment.type()).isEqualTo("BILLING");
    assertThat(payment.orderId()).isEqualTo("sub-2026-11-0001");
    assertThat(payment.orderName()).isEqualTo("토스 프라임 구독");
    assertThat(payment.status()).isEqualTo(PaymentStatus.DONE);
    assertThat(payment.method()).isEqualTo("카드");
    assertThat(payment.currency()).isEqualTo("KRW");
    assertThat(payment.totalAmount()).isEqualTo(4900);
    assertThat(payment.balanceAmount()).isEqualTo(4900);
    assertThat(payment.suppliedAmount()).isEqualTo(4455);
    assertThat(payment.vat()).isEqualTo(445);
    assertThat(payment.taxFreeAmount()).isZero();
    assertThat(payment.taxExemptionAmount()).isZero();
    assertThat(payment.requestedAt()).isEqualTo(OffsetDateTime.of(2022, 6, 8, 15, 40, 9, 0, SEOUL));
    assertThat(payment.approvedAt()).isEqualTo(OffsetDateTime.of(2022, 6, 8, 15, 40, 49, 0, SEOUL));
    assertThat(payment.approvedAt().getOffset()).as("the +09:00 offset is kept").isEqualTo(SEOUL);
    assertThat(payment.lastTransactionKey()).isEqualTo("B7103F204998813B889C77C043D09502");
    assertThat(payment.isPartialCancelable()).isTrue();
    assertThat(payment.cancels()).isNull();
    assertThat(payment.cancelsOrEmpty()).isEmpty();
    assertThat(payment.failure()).isNull();
    assertThat(payment.country()).isEqualTo("KR");
    assertThat(payment.receipt().url()).startsWith("https://dashboard.tosspayments.com/sales-slip");
    assertThat(payment.card())
        .isEqualTo(
            new Payment.Card(
                4900, "61", "31", "43301234****123*", 0, "00000000", "신용", "개인", "READY"));
  }

  @Test
  void readsTheBillingExample() {
    Billing billing = TossJson.readBilling(bytes(FakeToss.resource("billing.json")));

    assertThat(billing).isNotNull();
    assertThat(billing.mId()).isEqualTo("tosspayments");
    assertThat(billing.customerKey()).isEqualTo("3f1c2d7e-8c0b-4a55-9d1e-6a0b2c9e7f10");
    assertThat(billing.authenticatedAt())
        .isEqualTo(OffsetDateTime.of(2021, 1, 1, 10, 0, 0, 0, SEOUL));
    assertThat(billing.method()).isEqualTo("카드");
    assertThat(billing.billingKey()).isEqualTo("Z_t5vOvQxrj4499PeiJcjen28-V2RyqgYTwN44Rdzk0=");
    assertThat(billing.card())
        .isEqualTo(new Billing.BillingCard("61", "31", "43301234****123*", "신용", "개인"));
    assertThat(billing.toString()).doesNotContain("Z_t5vOvQxrj4499PeiJcjen28");
  }

  @Test
  void readsCancelsOfAPartlyCanceledPayment() {
    Payment payment =
        TossJson.readPayment(bytes(FakeToss.resource("payment-partial-canceled.json")));

    assertThat(payment.status()).isEqualTo(PaymentStatus.PARTIAL_CANCELED);
    assertThat(payment.balanceAmount()).isEqualTo(3900);
    assertThat(payment.cancelsOrEmpty())
        .containsExactly(
            new Payment.Cancel(
                1000,
                "구독 해지 환불",
                0,
                3900,
                OffsetDateTime.of(2026, 11, 3, 10, 12, 31, 0, SEOUL),
                "090A796806E726BBB929F4A2CA7DB9A7",
                "DONE"));
  }

  @Test
  void toleratesUnknownFieldsUnknownStatusAndNullNumbers() {
    Payment payment =
        TossJson.readPayment(bytes(FakeToss.resource("payment-from-the-future.json")));

    assertThat(payment).isNotNull();
    assertThat(payment.status()).isEqualTo(PaymentStatus.UNKNOWN_VALUE);
    assertThat(payment.type()).isEqualTo("SUBSCRIPTION_V2");
    assertThat(payment.totalAmount()).isEqualTo(4900);
    assertThat(payment.balanceAmount()).isZero();
    assertThat(payment.vat()).isZero();
    assertThat(payment.taxFreeAmount()).as("absent").isZero();
    assertThat(payment.approvedAt()).isNull();
    assertThat(payment.card().amount()).isZero();
    assertThat(payment.card().installmentPlanMonths()).isZero();
  }

  @Test
  void readsTheFailureOfAnAbortedPayment() {
    Payment payment = TossJson.readPayment(bytes(FakeToss.resource("payment-aborted.json")));

    assertThat(payment.status()).isEqualTo(PaymentStatus.ABORTED);
    assertThat(payment.failure())
        .isEqualTo(new TossError("REJECT_CARD_PAYMENT", "한도초과 혹은 잔액부족으로 결제에 실패했습니다."));
  }

  @Test
  void readsAnErrorBodyAndIgnoresWhatIsNotOne() {
    assertThat(
            TossJson.readError(
                bytes(
                    "{\"code\":\"NOT_FOUND_PAYMENT\",\"message\":\"존재하지 않는 결제 정보 입니다.\",\"extra\":1}")))
        .isEqualTo(new TossError("NOT_FOUND_PAYMENT", "존재하지 않는 결제 정보 입니다."));
    assertThat(TossJson.readError(bytes("{\"code\":\"PROVIDER_ERROR\"}")))
        .isEqualTo(new TossError("PROVIDER_ERROR", ""));
    assertThat(TossJson.readError(bytes("<html>Bad Gateway</html>"))).isNull();
    assertThat(TossJson.readError(bytes("{\"message\":\"no code\"}"))).isNull();
    assertThat(TossJson.readError(new byte[0])).isNull();
  }

  @Test
  void refusesABodyWithoutTheIdentifyingFields() {
    assertThat(TossJson.readPayment(bytes("{\"status\":\"DONE\"}"))).isNull();
    assertThat(TossJson.readPayment(bytes("{\"paymentKey\":"))).isNull();
    assertThat(TossJson.readBilling(bytes("{\"customerKey\":\"c\"}"))).isNull();
  }

  @Test
  void writesRequestsWithoutNullFields() {
    String json =
        new String(
            TossJson.write(ChargeRequest.of("c-1", 4900, "order-1", "구독")), StandardCharsets.UTF_8);

    assertThat(json)
        .contains("\"amount\":4900")
        .doesNotContain("null")
        .doesNotContain("customerEmail");
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
