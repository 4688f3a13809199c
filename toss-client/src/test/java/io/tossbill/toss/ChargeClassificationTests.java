package io.tossbill.toss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A charge's outcome follows Toss's error code (toss-api.md §7.3), not the HTTP status. */
class ChargeClassificationTests {

  static final ChargeRequest REQUEST =
      ChargeRequest.of("customer-1", 4900, "sub-2026-11-0001", "구독");
  static final IdempotencyKey KEY = IdempotencyKey.of("attempt-1");

  final FakeToss toss = new FakeToss();
  final TossClient client = toss.client();

  @AfterEach
  void stop() {
    client.close();
    toss.close();
  }

  ChargeOutcome charge() {
    return client.charge("billing-key-1", REQUEST, KEY);
  }

  @Test
  void approvedWithThePaymentOn200() {
    toss.answerResource(200, "payment-done.json");

    assertThat(charge())
        .isInstanceOfSatisfying(
            ChargeOutcome.Approved.class,
            approved -> assertThat(approved.payment().totalAmount()).isEqualTo(4900));
  }

  @ParameterizedTest
  @CsvSource({
    "400, INVALID_STOPPED_CARD", "400, INVALID_CARD_EXPIRATION", "400, INVALID_CARD_NUMBER",
    "400, INVALID_REJECT_CARD", "400, INVALID_CARD_LOST_OR_STOLEN", "400, NOT_SUPPORTED_CARD_TYPE",
    "400, NOT_REGISTERED_CARD_COMPANY", "400, INVALID_BILL_KEY_REQUEST", "403, REJECT_CARD_COMPANY",
    "404, NOT_FOUND_BILLING", "400, BILLING_KEY_NOT_FOUND", "403, FDS_ERROR",
    "400, INVALID_ACCOUNT_INFO_RE_REGISTER"
  })
  void hardDeclineForGroupA(int status, String code) {
    toss.answerError(status, code, "거절");

    assertThat(charge())
        .isEqualTo(new ChargeOutcome.Declined(new TossError(code, "거절"), DeclineKind.HARD));
  }

  @ParameterizedTest
  @CsvSource({
    "403, REJECT_CARD_PAYMENT",
    "403, REJECT_ACCOUNT_PAYMENT",
    "400, EXCEED_MAX_DAILY_PAYMENT_COUNT",
    "400, EXCEED_MAX_PAYMENT_AMOUNT",
    "403, EXCEED_MAX_ONE_DAY_AMOUNT",
    "400, EXCEED_MAX_AMOUNT",
    "400, EXCEED_MAX_MONTHLY_PAYMENT_AMOUNT",
    "400, EXCEED_MAX_ONE_DAY_WITHDRAW_AMOUNT",
    "400, EXCEED_MAX_ONE_TIME_WITHDRAW_AMOUNT",
    "403, EXCEED_MAX_AUTH_COUNT",
    "403, NOT_AVAILABLE_BANK",
    "400, NOT_AVAILABLE_PAYMENT",
    "400, RESTRICTED_TRANSFER_ACCOUNT"
  })
  void softDeclineForGroupB(int status, String code) {
    toss.answerError(status, code, "한도초과");

    assertThat(charge())
        .isEqualTo(new ChargeOutcome.Declined(new TossError(code, "한도초과"), DeclineKind.SOFT));
  }

  @ParameterizedTest
  @CsvSource({
    "400, PROVIDER_ERROR",
    "500, FAILED_INTERNAL_SYSTEM_PROCESSING",
    "500, FAILED_PAYMENT_INTERNAL_SYSTEM_PROCESSING",
    "500, FAILED_CARD_COMPANY_RESPONSE",
    "500, FAILED_DB_PROCESSING",
    "500, COMMON_ERROR",
    "500, UNKNOWN_PAYMENT_ERROR",
    "400, CARD_PROCESSING_ERROR",
    "409, IDEMPOTENT_REQUEST_PROCESSING",
    "400, DUPLICATED_ORDER_ID",
    "400, ALREADY_PROCESSED_PAYMENT",
    "400, ALREADY_PROCESSING_REQUEST",
    "400, UNAPPROVED_ORDER_ID",
    "400, A_CODE_TOSS_ADDED_LATER",
    "403, ANOTHER_NEW_CODE",
    "500, INVALID_CARD_NUMBER",
    "503, REJECT_CARD_PAYMENT",
    "429, INVALID_CARD_NUMBER"
  })
  void unknownForTransientUncertainUnlistedAndServerSideCodes(int status, String code) {
    toss.answerError(status, code, "잠시 후 다시 시도해주세요.");

    assertThat(charge())
        .isInstanceOfSatisfying(
            ChargeOutcome.Unknown.class,
            unknown -> {
              assertThat(unknown.error()).isEqualTo(new TossError(code, "잠시 후 다시 시도해주세요."));
              assertThat(unknown.reason()).contains(code).contains("sub-2026-11-0001");
            });
  }

  @Test
  void providerErrorIsUnknownThoughItIsA400() {
    toss.answerError(400, "PROVIDER_ERROR", "일시적인 오류가 발생했습니다. 잠시 후 다시 시도해주세요.");

    assertThat(charge())
        .isInstanceOfSatisfying(
            ChargeOutcome.Unknown.class,
            unknown -> {
              assertThat(unknown.httpStatus()).isEqualTo(400);
              assertThat(unknown.answered()).isTrue();
            });
  }

  @Test
  void unknownOn500WithoutBody() {
    toss.answer(500, "");

    assertThat(charge())
        .isInstanceOfSatisfying(
            ChargeOutcome.Unknown.class,
            unknown -> {
              assertThat(unknown.error()).isNull();
              assertThat(unknown.reason()).contains("HTTP 500");
              assertThat(unknown.httpStatus()).isEqualTo(500);
            });
  }

  @Test
  void unknownOn429() {
    toss.answer(429, "");

    assertThat(charge())
        .isInstanceOfSatisfying(
            ChargeOutcome.Unknown.class,
            unknown -> {
              assertThat(unknown.reason()).contains("HTTP 429");
              assertThat(unknown.httpStatus()).isEqualTo(429);
            });
  }

  @Test
  void unknownOnAnErrorBodyThatIsNotJson() {
    toss.answer(502, "<html><body>502 Bad Gateway</body></html>");

    assertThat(charge()).isInstanceOf(ChargeOutcome.Unknown.class);
  }

  @Test
  void unknownOnA200WhoseBodyCannotBeRead() {
    toss.answer(200, "{\"paymentKey\": \"pay_1\", \"status\": ");

    assertThat(charge())
        .isInstanceOfSatisfying(
            ChargeOutcome.Unknown.class,
            unknown -> assertThat(unknown.reason()).contains("not a readable Payment"));
  }

  @Test
  void unknownOnA200ThatIsNotDone() {
    toss.answer(200, FakeToss.resource("payment-done.json").replace("\"DONE\"", "\"IN_PROGRESS\""));

    assertThat(charge())
        .isInstanceOfSatisfying(
            ChargeOutcome.Unknown.class,
            unknown -> assertThat(unknown.reason()).contains("IN_PROGRESS"));
  }

  @Test
  void unknownWhenTossReplaysTheAnswerOfAnotherOrder() {
    toss.answer(
        200,
        FakeToss.resource("payment-done.json").replace("sub-2026-11-0001", "sub-2026-10-0001"));

    assertThat(charge())
        .isInstanceOfSatisfying(
            ChargeOutcome.Unknown.class,
            unknown ->
                assertThat(unknown.reason())
                    .contains("sub-2026-10-0001")
                    .contains("Idempotency-Key"));
  }

  @ParameterizedTest
  @CsvSource({
    "401, UNAUTHORIZED_KEY",
    "400, INVALID_API_KEY",
    "403, INCORRECT_BASIC_AUTH_FORMAT",
    "403, FORBIDDEN_REQUEST",
    "400, NOT_SUPPORTED_METHOD",
    "400, NOT_MATCHES_CUSTOMER_KEY",
    "400, INVALID_REQUEST",
    "400, INVALID_REQUIRED_PARAM",
    "400, INVALID_ORDER_ID",
    "400, INVALID_ORDER_NAME",
    "400, INVALID_CUSTOMER_KEY",
    "400, INVALID_EMAIL",
    "400, BELOW_MINIMUM_AMOUNT",
    "400, BELOW_ZERO_AMOUNT",
    "400, INVALID_CARD_INSTALLMENT_PLAN",
    "400, NOT_SUPPORTED_INSTALLMENT_PLAN_CARD_OR_MERCHANT",
    "400, NOT_SUPPORTED_MONTHLY_INSTALLMENT_PLAN",
    "400, NOT_SUPPORTED_MONTHLY_INSTALLMENT_PLAN_BELOW_AMOUNT",
    "400, EXCEED_MAX_CARD_INSTALLMENT_PLAN",
    "400, INVALID_IDEMPOTENCY_KEY",
    "400, API_VERSION_UPDATE_NEEDED",
    "400, INVALID_TEST_CODE"
  })
  void integrationErrorsThrowWithAHintAndWithoutTheSecretKey(int status, String code) {
    toss.answerError(status, code, "잘못된 요청입니다.");

    assertThatExceptionOfType(TossApiException.class)
        .isThrownBy(this::charge)
        .satisfies(
            e -> {
              assertThat(e.httpStatus()).isEqualTo(status);
              assertThat(e.code()).isEqualTo(code);
              assertThat(e.error().message()).isEqualTo("잘못된 요청입니다.");
              assertThat(e.getMessage())
                  .contains(code)
                  .contains("To fix:")
                  .contains("b995605505327307ee57e65de735fa3b")
                  .doesNotContain(FakeToss.SECRET_KEY)
                  .doesNotContain("dGVzdF9za196WExrS0V5cE5BcldtbzUwblgzbG1lYXhZRzVSOg");
            });
  }

  @Test
  void unauthorizedKeyTellsWhereTheKeyComesFrom() {
    toss.answerError(401, "UNAUTHORIZED_KEY", "인증되지 않은 시크릿 키 혹은 클라이언트 키 입니다.");

    assertThatExceptionOfType(TossApiException.class)
        .isThrownBy(this::charge)
        .withMessageContaining("check the secret key (test_sk_/live_sk_) in TOSS_SECRET_KEY");
  }

  @Test
  void onlyATransientOrIntegrationCodeAnsweredWithA4xxFinishedWithoutPayment() {
    TossError provider = new TossError("PROVIDER_ERROR", "일시적 오류");
    assertThat(new ChargeOutcome.Unknown("t", provider, 400).finishedWithoutPaymentCode())
        .isEqualTo("PROVIDER_ERROR");
    assertThat(
            new ChargeOutcome.Unknown("t", new TossError("INVALID_REQUEST", "잘못된 요청"), 400)
                .finishedWithoutPaymentCode())
        .isEqualTo("INVALID_REQUEST");
    assertThat(new ChargeOutcome.Unknown("t", provider, 500).finishedWithoutPaymentCode()).isNull();
    assertThat(new ChargeOutcome.Unknown("t", provider, 429).finishedWithoutPaymentCode()).isNull();
    assertThat(
            new ChargeOutcome.Unknown("t", new TossError("SOME_NEW_CODE", "새 코드"), 400)
                .finishedWithoutPaymentCode())
        .isNull();
    assertThat(
            new ChargeOutcome.Unknown("t", new TossError("ALREADY_PROCESSING_REQUEST", "처리 중"), 409)
                .finishedWithoutPaymentCode())
        .isNull();
    // no HTTP answer at all (timeout, reset): never proof that Toss finished the request
    assertThat(new ChargeOutcome.Unknown("t", provider, 0).finishedWithoutPaymentCode()).isNull();
    assertThat(new ChargeOutcome.Unknown("t", null, 0).finishedWithoutPaymentCode()).isNull();
  }

  @Test
  void aFailedPaymentIsAHardDeclineOnlyForACardThatWillNotWorkAgain() {
    assertThat(ErrorCategory.declineKindOfFailure("INVALID_CARD_LOST_OR_STOLEN"))
        .isEqualTo(DeclineKind.HARD);
    assertThat(ErrorCategory.declineKindOfFailure("REJECT_CARD_PAYMENT"))
        .isEqualTo(DeclineKind.SOFT);
    assertThat(ErrorCategory.declineKindOfFailure("PROVIDER_ERROR")).isEqualTo(DeclineKind.SOFT);
    assertThat(ErrorCategory.declineKindOfFailure("SOME_NEW_CODE")).isEqualTo(DeclineKind.SOFT);
    assertThat(ErrorCategory.declineKindOfFailure(null)).isEqualTo(DeclineKind.SOFT);
  }

  @Test
  void onlyAnIntegrationCodeIsAnIntegrationError() {
    assertThat(
            new ChargeOutcome.Unknown("t", new TossError("UNAUTHORIZED_KEY", "키"), 401)
                .integrationError())
        .isTrue();
    assertThat(
            new ChargeOutcome.Unknown("t", new TossError("PROVIDER_ERROR", "x"), 400)
                .integrationError())
        .isFalse();
    assertThat(new ChargeOutcome.Unknown("t", null, 0).integrationError()).isFalse();
  }
}
