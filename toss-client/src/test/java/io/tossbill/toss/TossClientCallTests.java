package io.tossbill.toss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Lookups, cancels, billing key issue and delete: their answers and errors. */
class TossClientCallTests {

  final FakeToss toss = new FakeToss();
  final TossClient client = toss.client();

  @AfterEach
  void stop() {
    client.close();
    toss.close();
  }

  @Test
  void findsAPaymentByKeyAndByOrderId() {
    toss.answerResource(200, "payment-done.json");

    assertThat(client.findPayment("5EnNZRJGvaBX7zk2yd8ydw26XvwXkLrx9POLqKQjmAw4b0e1"))
        .hasValueSatisfying(payment -> assertThat(payment.status()).isEqualTo(PaymentStatus.DONE));
    assertThat(client.findPaymentByOrderId("sub-2026-11-0001"))
        .hasValueSatisfying(payment -> assertThat(payment.orderId()).isEqualTo("sub-2026-11-0001"));
  }

  @Test
  void findsAnAbortedPaymentWithItsFailure() {
    toss.answerResource(200, "payment-aborted.json");

    assertThat(client.findPaymentByOrderId("sub-2026-11-0002"))
        .hasValueSatisfying(
            payment -> {
              assertThat(payment.status()).isEqualTo(PaymentStatus.ABORTED);
              assertThat(payment.failure().code()).isEqualTo("REJECT_CARD_PAYMENT");
            });
  }

  @Test
  void emptyWhenTossHasNoSuchPayment() {
    toss.answerError(404, "NOT_FOUND_PAYMENT", "존재하지 않는 결제 정보 입니다.");

    assertThat(client.findPaymentByOrderId("sub-2026-11-0003")).isEmpty();
    assertThat(client.findPayment("pay_missing")).isEmpty();
  }

  @Test
  void aBare404IsNotReadAsNoSuchPayment() {
    toss.answer(404, "<html>Not Found</html>");

    assertThatExceptionOfType(TossCommunicationException.class)
        .isThrownBy(() -> client.findPaymentByOrderId("sub-2026-11-0003"))
        .withMessageContaining("check the base URI");
  }

  @ParameterizedTest
  @CsvSource({
    "500, FAILED_INTERNAL_SYSTEM_PROCESSING",
    "429, TOO_MANY_REQUESTS",
    "403, FORBIDDEN_CONSECUTIVE_REQUEST",
    "400, PROVIDER_ERROR"
  })
  void lookupsThrowCommunicationErrorsForTransientAnswers(int status, String code) {
    toss.answerError(status, code, "잠시 후 다시 시도해주세요.");

    assertThatExceptionOfType(TossCommunicationException.class)
        .isThrownBy(() -> client.findPaymentByOrderId("sub-2026-11-0001"))
        .withMessageContaining(code);
  }

  @Test
  void lookupsThrowCommunicationErrorsFor5xxWithoutBody() {
    toss.answer(503, "");

    assertThatExceptionOfType(TossCommunicationException.class)
        .isThrownBy(() -> client.findPayment("pay_1"));
  }

  @Test
  void lookupsThrowApiErrorsForIntegrationMistakes() {
    toss.answerError(401, "UNAUTHORIZED_KEY", "인증되지 않은 시크릿 키 혹은 클라이언트 키 입니다.");

    assertThatExceptionOfType(TossApiException.class)
        .isThrownBy(() -> client.findPayment("pay_1"))
        .satisfies(e -> assertThat(e.code()).isEqualTo("UNAUTHORIZED_KEY"));
  }

  @Test
  void cancelAnswersThePaymentWithItsCancels() {
    toss.answerResource(200, "payment-partial-canceled.json");

    assertThat(
            client.cancel(
                "5EnNZRJGvaBX7zk2yd8ydw26XvwXkLrx9POLqKQjmAw4b0e1",
                CancelRequest.partial("구독 해지 환불", 1000),
                IdempotencyKey.of("cancel-1")))
        .isInstanceOfSatisfying(
            CancelOutcome.Canceled.class,
            canceled -> {
              assertThat(canceled.payment().balanceAmount()).isEqualTo(3900);
              assertThat(canceled.payment().cancelsOrEmpty())
                  .singleElement()
                  .satisfies(cancel -> assertThat(cancel.cancelAmount()).isEqualTo(1000));
            });
  }

  @Test
  void aFullCancelAnswersTheCanceledPayment() {
    toss.answerResource(200, "payment-canceled.json");

    assertThat(
            client.cancel(
                "5EnNZRJGvaBX7zk2yd8ydw26XvwXkLrx9POLqKQjmAw4b0e1",
                CancelRequest.full("구독 해지"),
                IdempotencyKey.of("cancel-2")))
        .isInstanceOfSatisfying(
            CancelOutcome.Canceled.class,
            canceled -> assertThat(canceled.payment().balanceAmount()).isZero());
  }

  @Test
  void aPartialCancelAnsweredWithAnotherCancelsReplayIsUnknown() {
    // the first cancel of 1000 won used this key; Toss replays its answer for a cancel of 2000 won
    toss.answerResource(200, "payment-partial-canceled.json");

    assertThat(
            client.cancel(
                "5EnNZRJGvaBX7zk2yd8ydw26XvwXkLrx9POLqKQjmAw4b0e1",
                CancelRequest.partial("추가 환불", 2000),
                IdempotencyKey.of("cancel-1")))
        .isInstanceOfSatisfying(
            CancelOutcome.Unknown.class,
            unknown -> {
              assertThat(unknown.reason())
                  .contains("1000 won")
                  .contains("2000 won")
                  .contains("read the payment back");
              assertThat(unknown.error()).isNull();
            });
  }

  @Test
  void aFullCancelAnsweredWithAPartialCancelsReplayIsUnknown() {
    toss.answerResource(200, "payment-partial-canceled.json");

    assertThat(
            client.cancel(
                "5EnNZRJGvaBX7zk2yd8ydw26XvwXkLrx9POLqKQjmAw4b0e1",
                CancelRequest.full("구독 해지"),
                IdempotencyKey.of("cancel-1")))
        .isInstanceOfSatisfying(
            CancelOutcome.Unknown.class,
            unknown ->
                assertThat(unknown.reason())
                    .contains("PARTIAL_CANCELED")
                    .contains("read the payment back"));
  }

  @Test
  void aPartialCancelAnsweredWithAnUncanceledPaymentIsUnknown() {
    toss.answerResource(200, "payment-done.json");

    assertThat(
            client.cancel(
                "5EnNZRJGvaBX7zk2yd8ydw26XvwXkLrx9POLqKQjmAw4b0e1",
                CancelRequest.partial("환불", 1000),
                IdempotencyKey.of("cancel-1")))
        .isInstanceOf(CancelOutcome.Unknown.class);
  }

  @Test
  void aCancelAnsweredWithAnotherPaymentIsUnknown() {
    toss.answerResource(200, "payment-partial-canceled.json");

    assertThat(
            client.cancel(
                "pay_other", CancelRequest.partial("환불", 1000), IdempotencyKey.of("cancel-1")))
        .isInstanceOf(CancelOutcome.Unknown.class);
  }

  @ParameterizedTest
  @CsvSource({
    "400, ALREADY_CANCELED_PAYMENT",
    "400, ALREADY_REFUND_PAYMENT",
    "400, NOT_MATCHES_REFUNDABLE_AMOUNT"
  })
  void cancelUnknownForStateCodesThatNeedAReadBack(int status, String code) {
    toss.answerError(status, code, "이미 취소된 결제 입니다.");

    assertThat(client.cancel("pay_1", CancelRequest.full("환불"), IdempotencyKey.of("cancel-1")))
        .isInstanceOfSatisfying(
            CancelOutcome.Unknown.class,
            unknown -> {
              assertThat(unknown.error()).isEqualTo(new TossError(code, "이미 취소된 결제 입니다."));
              assertThat(unknown.reason()).contains("read the payment back");
            });
  }

  @ParameterizedTest
  @CsvSource({
    "403, NOT_CANCELABLE_AMOUNT",
    "403, NOT_CANCELABLE_PAYMENT",
    "403, EXCEED_MAX_REFUND_DUE",
    "403, NOT_ALLOWED_PARTIAL_REFUND",
    "400, REFUND_REJECTED",
    "403, EXCEED_CANCEL_LIMIT",
    "404, NOT_FOUND_PAYMENT"
  })
  void cancelRefusedForFinalRefusals(int status, String code) {
    toss.answerError(status, code, "취소할 수 없습니다.");

    assertThat(client.cancel("pay_1", CancelRequest.full("환불"), IdempotencyKey.of("cancel-1")))
        .isEqualTo(new CancelOutcome.Refused(new TossError(code, "취소할 수 없습니다.")));
  }

  @ParameterizedTest
  @CsvSource({
    "400, PROVIDER_ERROR",
    "403, FORBIDDEN_CONSECUTIVE_REQUEST",
    "409, IDEMPOTENT_REQUEST_PROCESSING",
    "500, FAILED_REFUND_PROCESS",
    "500, COMMON_ERROR",
    "429, NOT_CANCELABLE_AMOUNT",
    "400, SOMETHING_NEW"
  })
  void cancelUnknownForTransientAndUnlistedCodes(int status, String code) {
    toss.answerError(status, code, "잠시 후 다시 시도해주세요.");

    assertThat(client.cancel("pay_1", CancelRequest.full("환불"), IdempotencyKey.of("cancel-1")))
        .isInstanceOfSatisfying(
            CancelOutcome.Unknown.class,
            unknown -> assertThat(unknown.error().code()).isEqualTo(code));
  }

  @Test
  void cancelUnknownOn5xxWithoutBody() {
    toss.answer(500, "");

    assertThat(client.cancel("pay_1", CancelRequest.full("환불"), IdempotencyKey.of("cancel-1")))
        .isInstanceOf(CancelOutcome.Unknown.class);
  }

  @Test
  void cancelThrowsForIntegrationMistakes() {
    toss.answerError(403, "FORBIDDEN_REQUEST", "허용되지 않은 요청입니다.");

    assertThatExceptionOfType(TossApiException.class)
        .isThrownBy(
            () -> client.cancel("pay_1", CancelRequest.full("환불"), IdempotencyKey.of("cancel-1")));
  }

  @Test
  void issueAnswersTheBilling() {
    toss.answerResource(200, "billing.json");

    Billing billing =
        client.issueBillingKey(
            "bln_auth", "3f1c2d7e-8c0b-4a55-9d1e-6a0b2c9e7f10", IdempotencyKey.of("issue-1"));

    assertThat(billing.billingKey()).isEqualTo("Z_t5vOvQxrj4499PeiJcjen28-V2RyqgYTwN44Rdzk0=");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "INVALID_CARD_NUMBER",
        "INVALID_CARD_EXPIRATION",
        "REJECT_CARD_COMPANY",
        "INVALID_BILLING_AUTH"
      })
  void issueRefusalsThrowWithTossMessage(String code) {
    toss.answerError(400, code, "카드번호를 다시 확인해주세요.");

    assertThatExceptionOfType(TossApiException.class)
        .isThrownBy(
            () ->
                client.issueBillingKeyWithCard(
                    new CardBillingRequest(
                        "customer-1", "4330123412341234", "28", "12", "900101", "12", null, null),
                    IdempotencyKey.of("i-1")))
        .satisfies(
            e -> {
              assertThat(e.error()).isEqualTo(new TossError(code, "카드번호를 다시 확인해주세요."));
              assertThat(e.getMessage())
                  .doesNotContain("4330123412341234")
                  .doesNotContain("900101");
            });
  }

  @Test
  void issueThrowsCommunicationErrorOn5xx() {
    toss.answerError(500, "FAILED_BILL_KEY_AUTH_CREATION", "빌링키 생성 실패");

    assertThatExceptionOfType(TossCommunicationException.class)
        .isThrownBy(
            () -> client.issueBillingKey("bln_auth", "customer-1", IdempotencyKey.of("i-1")));
  }

  @Test
  void issueThrowsCommunicationErrorWhenTheBillingCannotBeRead() {
    toss.answer(200, "{\"mId\":\"tosspayments\"}");

    assertThatExceptionOfType(TossCommunicationException.class)
        .isThrownBy(
            () -> client.issueBillingKey("bln_auth", "customer-1", IdempotencyKey.of("i-1")))
        .withMessageContaining("not a readable Billing");
  }

  @Test
  void deleteSucceedsOn200WithEmptyBody() {
    toss.answer(200, "");

    assertThatNoException().isThrownBy(() -> client.deleteBillingKey("billing-key-1"));
  }

  @Test
  void deleteThrowsOnErrors() {
    toss.answerError(404, "NOT_FOUND_BILLING", "존재하지 않는 빌링 결제 인증 정보 입니다.");

    assertThatExceptionOfType(TossApiException.class)
        .isThrownBy(() -> client.deleteBillingKey("billing-key-1"))
        .satisfies(e -> assertThat(e.code()).isEqualTo("NOT_FOUND_BILLING"))
        .withMessageNotContaining("billing-key-1");
  }
}
