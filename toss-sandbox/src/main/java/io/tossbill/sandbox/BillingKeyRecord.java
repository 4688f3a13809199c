package io.tossbill.sandbox;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** A billing key of one merchant, bound to one customerKey and one card. */
record BillingKeyRecord(
    String billingKey,
    String customerKey,
    CardInfo card,
    CardBehaviour behaviour,
    Instant authenticatedAt,
    @Nullable Instant deletedAt) {

  boolean deleted() {
    return deletedAt != null;
  }

  BillingKeyRecord delete(Instant at) {
    if (deletedAt != null) {
      throw new IllegalStateException("billing key already deleted at " + deletedAt);
    }
    return new BillingKeyRecord(billingKey, customerKey, card, behaviour, authenticatedAt, at);
  }
}
