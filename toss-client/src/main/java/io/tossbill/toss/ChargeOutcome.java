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
  }
}
