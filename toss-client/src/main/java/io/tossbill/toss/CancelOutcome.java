package io.tossbill.toss;

import org.jspecify.annotations.Nullable;

/** What a cancel (refund) did; unknown means read the payment back before retrying. */
public sealed interface CancelOutcome {

  /** The cancel went through; the payment carries the new {@code cancels[]} and balance. */
  record Canceled(Payment payment) implements CancelOutcome {}

  /** Toss refused the cancel (over the balance, already canceled...). */
  record Refused(TossError error) implements CancelOutcome {}

  /** The result is not known. */
  record Unknown(String reason, @Nullable TossError error) implements CancelOutcome {}
}
