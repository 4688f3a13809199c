package io.tossbill.toss;

import java.util.Map;

/** What to fix for each integration error code; the text goes into {@link TossApiException}. */
final class Hints {

  private static final String INSTALLMENT =
      "do not send an installment plan: billing charges are lump sum here (Toss allows installments"
          + " only from 50,000 won and only on cards and merchants that support them)";

  private static final Map<String, String> BY_CODE =
      Map.ofEntries(
          Map.entry(
              "UNAUTHORIZED_KEY",
              "check the secret key (test_sk_/live_sk_) in TOSS_SECRET_KEY: Toss does not know it"),
          Map.entry(
              "INVALID_API_KEY",
              "check the secret key (test_sk_/live_sk_) in TOSS_SECRET_KEY: billing needs the API"
                  + " individual integration key, not a payment-widget key (test_gsk_) or a client key"),
          Map.entry(
              "INCORRECT_BASIC_AUTH_FORMAT",
              "the Authorization header must be Basic base64(secretKey + \":\"); check that the secret key"
                  + " in TOSS_SECRET_KEY has no quotes, spaces or byte-order mark around it"),
          Map.entry(
              "FORBIDDEN_REQUEST",
              "this key may not make this request: check that the key belongs to the merchant (MID) the"
                  + " payment or billing key was made with"),
          Map.entry(
              "NOT_SUPPORTED_METHOD",
              "the merchant has no billing (자동결제) contract for this key: add billing to the Toss"
                  + " contract, and use the API individual secret key (test_sk_/live_sk_), not a widget key"),
          Map.entry(
              "NOT_MATCHES_CUSTOMER_KEY",
              "charge with the customerKey the billing key was issued for; a billing key is bound to"
                  + " one customerKey"),
          Map.entry(
              "INVALID_REQUEST",
              "a request field is missing or malformed; Toss's message names it"),
          Map.entry(
              "INVALID_REQUIRED_PARAM",
              "a required request field is missing or empty; Toss's message names it"),
          Map.entry(
              "INVALID_ORDER_ID",
              "orderId must be 6 to 64 characters of A-Z, a-z, 0-9, '-' and '_'"),
          Map.entry("INVALID_ORDER_NAME", "orderName must be 1 to 100 characters"),
          Map.entry(
              "INVALID_CUSTOMER_KEY",
              "customerKey must be 2 to 300 characters of letters, digits and - _ = . @"),
          Map.entry(
              "INVALID_EMAIL",
              "customerEmail is not a valid e-mail address of at most 100 characters; omit it when unknown"),
          Map.entry(
              "BELOW_MINIMUM_AMOUNT",
              "card charges must be at least 100 won (account charges 200 won)"),
          Map.entry("BELOW_ZERO_AMOUNT", "the amount must be positive won"),
          Map.entry("INVALID_CARD_INSTALLMENT_PLAN", INSTALLMENT),
          Map.entry("NOT_SUPPORTED_INSTALLMENT_PLAN_CARD_OR_MERCHANT", INSTALLMENT),
          Map.entry("NOT_SUPPORTED_MONTHLY_INSTALLMENT_PLAN", INSTALLMENT),
          Map.entry("NOT_SUPPORTED_MONTHLY_INSTALLMENT_PLAN_BELOW_AMOUNT", INSTALLMENT),
          Map.entry("EXCEED_MAX_CARD_INSTALLMENT_PLAN", INSTALLMENT),
          Map.entry(
              "INVALID_IDEMPOTENCY_KEY", "the Idempotency-Key must be at most 300 characters"),
          Map.entry(
              "API_VERSION_UPDATE_NEEDED",
              "the API version set for this key in the Toss developer center is too old for this request;"
                  + " update it there"),
          Map.entry(
              "INVALID_TEST_CODE",
              "the TossPayments-Test-Code header names an error code Toss does not know (test keys only)"));

  private Hints() {}

  /** What to fix for an integration error, or a neutral pointer to {@code error()} for refusals. */
  static String forCode(String code) {
    String hint = BY_CODE.get(code);
    if (hint != null) {
      return "To fix: " + hint;
    }
    return switch (ErrorCategory.of(code)) {
      case HARD_DECLINE, SOFT_DECLINE ->
          "The card was refused; show Toss's message to the customer";
      default -> "";
    };
  }
}
