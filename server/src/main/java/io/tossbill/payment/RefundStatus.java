package io.tossbill.payment;

import java.util.Set;

/** Where a refund (a Toss cancel) is: recorded, done, refused, or unknown until read back. */
public enum RefundStatus {
  PENDING,
  DONE,
  REFUSED,
  UNKNOWN;

  public Set<RefundStatus> next() {
    return switch (this) {
      case PENDING, UNKNOWN -> Set.of(DONE, REFUSED, UNKNOWN);
      case DONE, REFUSED -> Set.of();
    };
  }

  /** Whether the money may still be on its way back (counts against what is left to refund). */
  public boolean isOpen() {
    return this == PENDING || this == UNKNOWN;
  }

  public void requireMoveTo(RefundStatus target) {
    if (!next().contains(target)) {
      throw new IllegalStateException("a " + this + " refund cannot become " + target);
    }
  }
}
