package io.tossbill.toss;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;

/** Toss's payment status; values Toss adds later read as {@link #UNKNOWN_VALUE}. */
public enum PaymentStatus {
  READY,
  IN_PROGRESS,
  WAITING_FOR_DEPOSIT,
  DONE,
  CANCELED,
  PARTIAL_CANCELED,
  ABORTED,
  EXPIRED,
  /** A status this client does not know yet; Toss adds enum values without a version bump. */
  @JsonEnumDefaultValue
  UNKNOWN_VALUE
}
