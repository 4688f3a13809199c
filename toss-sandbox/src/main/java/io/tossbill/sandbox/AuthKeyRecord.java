package io.tossbill.sandbox;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A one-time authKey handed out by the registration window, waiting to be exchanged for a billing
 * key.
 */
record AuthKeyRecord(
    String authKey,
    String secretKey,
    String customerKey,
    CardInfo card,
    CardBehaviour behaviour,
    Instant authenticatedAt,
    @Nullable Instant usedAt) {

  AuthKeyRecord use(Instant at) {
    if (usedAt != null) {
      throw new IllegalStateException("authKey already used at " + usedAt);
    }
    return new AuthKeyRecord(authKey, secretKey, customerKey, card, behaviour, authenticatedAt, at);
  }
}
