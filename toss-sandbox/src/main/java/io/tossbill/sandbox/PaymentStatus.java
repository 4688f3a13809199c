package io.tossbill.sandbox;

import java.util.Set;

/** The statuses a billing payment takes in the sandbox, with their legal next statuses. */
enum PaymentStatus {
  DONE,
  PARTIAL_CANCELED,
  CANCELED,
  ABORTED;

  Set<PaymentStatus> next() {
    return switch (this) {
      case DONE, PARTIAL_CANCELED -> Set.of(PARTIAL_CANCELED, CANCELED);
      case CANCELED, ABORTED -> Set.of();
    };
  }

  PaymentStatus moveTo(PaymentStatus target) {
    if (!next().contains(target)) {
      throw new IllegalStateException("a payment cannot go from " + this + " to " + target);
    }
    return target;
  }
}
