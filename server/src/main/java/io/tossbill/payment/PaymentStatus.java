package io.tossbill.payment;

import java.util.Set;

/**
 * Where a charge attempt is. PENDING is written before Toss is called; UNKNOWN means nobody can
 * tell yet whether money moved (timeout, 5xx, reset, 409 in flight) and only a read-back settles
 * it. APPROVED pays what it was made for; LATE_APPROVED is money Toss took after tossbill had
 * settled the attempt otherwise or when it paid for nothing any more, and is refunded in full.
 */
public enum PaymentStatus {
  PENDING,
  APPROVED,
  DECLINED,
  UNKNOWN,
  LATE_APPROVED;

  /** The statuses this one may move to. */
  public Set<PaymentStatus> next() {
    return switch (this) {
      case PENDING, UNKNOWN -> Set.of(APPROVED, DECLINED, UNKNOWN, LATE_APPROVED);
      // Toss is the truth: a payment read back as done after we gave it up moved money.
      case DECLINED -> Set.of(LATE_APPROVED);
      case APPROVED, LATE_APPROVED -> Set.of();
    };
  }

  public boolean canMoveTo(PaymentStatus target) {
    return next().contains(target);
  }

  /** Whether Toss's answer is known: approved (late or not) or declined. */
  public boolean isSettled() {
    return this != PENDING && this != UNKNOWN;
  }

  /** Whether money moved at Toss for this attempt. */
  public boolean movedMoney() {
    return this == APPROVED || this == LATE_APPROVED;
  }

  /** Refuses an illegal move: a bug, never a user's mistake. */
  public void requireMoveTo(PaymentStatus target) {
    if (!canMoveTo(target)) {
      throw new IllegalStateException("a " + this + " payment cannot become " + target);
    }
  }
}
