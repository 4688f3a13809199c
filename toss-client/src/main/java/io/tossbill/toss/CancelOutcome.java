package io.tossbill.toss;

import org.jspecify.annotations.Nullable;

/** What a cancel (refund) did; unknown means read the payment back before retrying. */
public sealed interface CancelOutcome {

  /**
   * The cancel went through; the payment carries the new {@code cancels[]} and balance, and shows
   * this cancel (a replayed answer to another cancel is {@link Unknown}).
   */
  record Canceled(Payment payment) implements CancelOutcome {}

  /**
   * Toss refused the cancel for good (over the cancelable amount, not cancelable, refund
   * rejected...).
   */
  record Refused(TossError error) implements CancelOutcome {}

  /**
   * The result is not known, including Toss's state codes such as {@code ALREADY_CANCELED_PAYMENT}
   * that an earlier attempt of the same cancel may have caused.
   */
  record Unknown(String reason, @Nullable TossError error) implements CancelOutcome {}
}
