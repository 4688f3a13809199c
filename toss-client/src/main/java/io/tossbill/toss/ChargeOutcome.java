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

  /** Timeout, connection failure, 5xx, 409 in flight or a state error: settle by read-back. */
  record Unknown(String reason, @Nullable TossError error) implements ChargeOutcome {}
}
