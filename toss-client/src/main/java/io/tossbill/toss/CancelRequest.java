package io.tossbill.toss;

import org.jspecify.annotations.Nullable;

/**
 * Body of {@code POST /v1/payments/{paymentKey}/cancel}; a null amount cancels the whole balance.
 */
public record CancelRequest(String cancelReason, @Nullable Long cancelAmount) {
  public CancelRequest {
    if (cancelReason == null || cancelReason.isBlank()) {
      throw new IllegalArgumentException("cancelReason must not be blank");
    }
    if (cancelAmount != null && cancelAmount <= 0) {
      throw new IllegalArgumentException("cancelAmount must be positive won, was " + cancelAmount);
    }
  }

  public static CancelRequest full(String reason) {
    return new CancelRequest(reason, null);
  }

  public static CancelRequest partial(String reason, long amount) {
    return new CancelRequest(reason, amount);
  }
}
