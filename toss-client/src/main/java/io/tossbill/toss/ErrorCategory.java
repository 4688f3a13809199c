package io.tossbill.toss;

import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * What a Toss error code means for a billing charge (toss-api.md §7.3), decided by the code and
 * never by the HTTP status, because Toss sends transient errors such as {@code PROVIDER_ERROR} as
 * 400.
 */
public enum ErrorCategory {

  /** The stored card or billing key will not work again: ask the customer for a new card. */
  HARD_DECLINE,

  /**
   * No money moved and the same card may work later (limit, balance, daily caps): dun with delay.
   */
  SOFT_DECLINE,

  /**
   * A system error at Toss or the card company; usually not charged, but read back before retrying.
   */
  TRANSIENT,

  /** The request may have been carried out (in flight, duplicate orderId): settle by read-back. */
  UNCERTAIN,

  /** Our request or configuration is wrong; retrying cannot help, a person has to fix it. */
  INTEGRATION,

  /**
   * A code this client does not know. Toss adds codes without a version bump, so it is handled like
   * {@link #UNCERTAIN}: reading the payment back is cheap, guessing "declined" could charge twice.
   */
  UNKNOWN_CODE;

  private static final Map<String, ErrorCategory> BY_CODE =
      Stream.of(
              codes(
                  HARD_DECLINE,
                  "INVALID_STOPPED_CARD",
                  "INVALID_CARD_EXPIRATION",
                  "INVALID_CARD_NUMBER",
                  "INVALID_REJECT_CARD",
                  "INVALID_CARD_LOST_OR_STOLEN",
                  "NOT_SUPPORTED_CARD_TYPE",
                  "NOT_REGISTERED_CARD_COMPANY",
                  "INVALID_BILL_KEY_REQUEST",
                  "REJECT_CARD_COMPANY",
                  "NOT_FOUND_BILLING",
                  "BILLING_KEY_NOT_FOUND",
                  "ALREADY_REMOVED_BILLING_KEY",
                  "FDS_ERROR",
                  "INVALID_ACCOUNT_INFO_RE_REGISTER"),
              codes(
                  SOFT_DECLINE,
                  "REJECT_CARD_PAYMENT",
                  "REJECT_ACCOUNT_PAYMENT",
                  "EXCEED_MAX_DAILY_PAYMENT_COUNT",
                  "EXCEED_MAX_PAYMENT_AMOUNT",
                  "EXCEED_MAX_ONE_DAY_AMOUNT",
                  "EXCEED_MAX_AMOUNT",
                  "EXCEED_MAX_MONTHLY_PAYMENT_AMOUNT",
                  "EXCEED_MAX_ONE_DAY_WITHDRAW_AMOUNT",
                  "EXCEED_MAX_ONE_TIME_WITHDRAW_AMOUNT",
                  "EXCEED_MAX_AUTH_COUNT",
                  "NOT_AVAILABLE_BANK",
                  "NOT_AVAILABLE_PAYMENT",
                  "RESTRICTED_TRANSFER_ACCOUNT"),
              codes(
                  TRANSIENT,
                  "PROVIDER_ERROR",
                  "FAILED_INTERNAL_SYSTEM_PROCESSING",
                  "FAILED_PAYMENT_INTERNAL_SYSTEM_PROCESSING",
                  "FAILED_CARD_COMPANY_RESPONSE",
                  "FAILED_DB_PROCESSING",
                  "COMMON_ERROR",
                  "UNKNOWN_PAYMENT_ERROR",
                  "UNKNOWN_ERROR",
                  "CARD_PROCESSING_ERROR",
                  "FORBIDDEN_CONSECUTIVE_REQUEST"),
              codes(
                  UNCERTAIN,
                  "IDEMPOTENT_REQUEST_PROCESSING",
                  "ALREADY_PROCESSED_PAYMENT",
                  "DUPLICATED_ORDER_ID",
                  "ALREADY_PROCESSING_REQUEST",
                  "UNAPPROVED_ORDER_ID"),
              codes(
                  INTEGRATION,
                  "UNAUTHORIZED_KEY",
                  "INVALID_API_KEY",
                  "INCORRECT_BASIC_AUTH_FORMAT",
                  "FORBIDDEN_REQUEST",
                  "NOT_SUPPORTED_METHOD",
                  "NOT_MATCHES_CUSTOMER_KEY",
                  "INVALID_REQUEST",
                  "INVALID_REQUIRED_PARAM",
                  "INVALID_ORDER_ID",
                  "INVALID_ORDER_NAME",
                  "INVALID_CUSTOMER_KEY",
                  "INVALID_EMAIL",
                  "BELOW_MINIMUM_AMOUNT",
                  "BELOW_ZERO_AMOUNT",
                  "INVALID_CARD_INSTALLMENT_PLAN",
                  "NOT_SUPPORTED_INSTALLMENT_PLAN_CARD_OR_MERCHANT",
                  "NOT_SUPPORTED_MONTHLY_INSTALLMENT_PLAN",
                  "NOT_SUPPORTED_MONTHLY_INSTALLMENT_PLAN_BELOW_AMOUNT",
                  "EXCEED_MAX_CARD_INSTALLMENT_PLAN",
                  "INVALID_IDEMPOTENCY_KEY",
                  "API_VERSION_UPDATE_NEEDED",
                  "INVALID_TEST_CODE"))
          .flatMap(Set::stream)
          .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, Map.Entry::getValue));

  /** The category of a Toss error code; {@link #UNKNOWN_CODE} for codes not listed in §7.3. */
  public static ErrorCategory of(@Nullable String code) {
    return code == null ? UNKNOWN_CODE : BY_CODE.getOrDefault(code, UNKNOWN_CODE);
  }

  /** Whether a charge with this category is a decline (no money moved, Toss said no). */
  public boolean isDecline() {
    return this == HARD_DECLINE || this == SOFT_DECLINE;
  }

  /** The decline kind of a decline category, null for the others. */
  public @Nullable DeclineKind declineKind() {
    return switch (this) {
      case HARD_DECLINE -> DeclineKind.HARD;
      case SOFT_DECLINE -> DeclineKind.SOFT;
      default -> null;
    };
  }

  /**
   * The decline kind of a charge that failed with this failure code (a payment read back as ABORTED
   * or EXPIRED, or an error Toss answered with and no payment exists): HARD when the card will not
   * work again, SOFT otherwise, since no money moved and the same card may work later.
   */
  public static DeclineKind declineKindOfFailure(@Nullable String code) {
    return of(code) == HARD_DECLINE ? DeclineKind.HARD : DeclineKind.SOFT;
  }

  /** Every code this client classifies, with its category; for documentation and tests. */
  public static Map<String, ErrorCategory> knownCodes() {
    return BY_CODE;
  }

  private static Set<Map.Entry<String, ErrorCategory>> codes(
      ErrorCategory category, String... codes) {
    return Stream.of(codes).map(code -> Map.entry(code, category)).collect(Collectors.toSet());
  }
}
