package io.tossbill.toss;

import org.jspecify.annotations.Nullable;

/**
 * What a billing charge did. Unknown means the caller cannot tell whether money moved: read the
 * payment back by orderId before doing anything else.
 */
public sealed interface ChargeOutcome {

  /** Toss approved the charge; the payment is the record. */
  record Approved(Payment payment) implements ChargeOutcome {}

  /** Toss refused the charge and no money moved. */
  record Declined(TossError error, DeclineKind kind) implements ChargeOutcome {}

  /**
   * Timeout, connection failure, 5xx, 409 in flight or a state error: settle by read-back. {@code
   * httpStatus} is the status Toss answered with, or 0 when no HTTP answer arrived.
   */
  record Unknown(String reason, @Nullable TossError error, int httpStatus)
      implements ChargeOutcome {

    /** An unknown outcome without an HTTP answer (timeout, reset, refused connection). */
    public Unknown(String reason, @Nullable TossError error) {
      this(reason, error, 0);
    }

    /** Whether Toss answered this request at all (with an HTTP status). */
    public boolean answered() {
      return httpStatus > 0;
    }

    /**
     * The error code when Toss finished this request without a payment: a 4xx other than 429
     * carrying a {@link ErrorCategory#TRANSIENT} or {@link ErrorCategory#INTEGRATION} code. If a
     * read-back by orderId then finds no payment, nothing was charged. Null for every other unknown
     * (timeout, reset, 5xx, 429, a code saying the order may be in progress or done, a code this
     * client does not know): the request may still be alive at Toss.
     */
    public @Nullable String finishedWithoutPaymentCode() {
      if (error == null || httpStatus < 400 || httpStatus >= 500 || httpStatus == 429) {
        return null;
      }
      ErrorCategory category = ErrorCategory.of(error.code());
      return category == ErrorCategory.TRANSIENT || category == ErrorCategory.INTEGRATION
          ? error.code()
          : null;
    }

    /**
     * Whether Toss refused the request as wrong (our configuration or request: {@link
     * ErrorCategory#INTEGRATION}): a person has to fix it, retrying cannot help.
     */
    public boolean integrationError() {
      return error != null && ErrorCategory.of(error.code()) == ErrorCategory.INTEGRATION;
    }
  }
}
