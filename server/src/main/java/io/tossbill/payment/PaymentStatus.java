package io.tossbill.payment;

import java.util.Set;

/**
 * The four outcomes of a charge attempt. PENDING is written before Toss is called; UNKNOWN means we
 * cannot tell whether money moved (timeout, 5xx, reset, 409 in flight) and only a read-back settles
 * it.
 */
public enum PaymentStatus {
  PENDING,
  APPROVED,
  DECLINED,
  UNKNOWN;

  /** The statuses this one may move to; APPROVED and DECLINED are final. */
  public Set<PaymentStatus> next() {
    return switch (this) {
      case PENDING, UNKNOWN -> Set.of(APPROVED, DECLINED, UNKNOWN);
      case APPROVED, DECLINED -> Set.of();
    };
  }

  public boolean isSettled() {
    return this == APPROVED || this == DECLINED;
  }

  public void requireMoveTo(PaymentStatus target) {
    if (!next().contains(target)) {
      throw new IllegalStateException("a " + this + " payment cannot become " + target);
    }
  }
}
