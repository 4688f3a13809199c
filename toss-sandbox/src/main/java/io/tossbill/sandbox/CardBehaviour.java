package io.tossbill.sandbox;

import org.jspecify.annotations.Nullable;

/** What a registered card does when it is charged. */
enum CardBehaviour {
  APPROVE(null),
  DECLINE_LIMIT_EXCEEDED("REJECT_CARD_PAYMENT"),
  DECLINE_STOPPED("INVALID_STOPPED_CARD"),
  DECLINE_EXPIRED("INVALID_CARD_EXPIRATION"),
  DECLINE_LOST_OR_STOLEN("INVALID_CARD_LOST_OR_STOLEN"),
  DECLINE_REJECTED("INVALID_REJECT_CARD"),
  DECLINE_DAILY_COUNT("EXCEED_MAX_DAILY_PAYMENT_COUNT"),
  FAIL_CARD_COMPANY("FAILED_CARD_COMPANY_RESPONSE"),
  FAIL_PROVIDER("PROVIDER_ERROR"),
  APPROVE_AFTER_DELAY(null),
  APPROVE_THEN_HANG(null);

  private final @Nullable String declineCode;

  CardBehaviour(@Nullable String declineCode) {
    this.declineCode = declineCode;
  }

  /** The error a charge ends with, or null when the charge is approved. */
  @Nullable String declineCode() {
    return declineCode;
  }
}
