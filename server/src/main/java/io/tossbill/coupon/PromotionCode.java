package io.tossbill.coupon;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A customer-facing code that redeems coupon {@code couponId}, with limits of its own: active or
 * not, at most {@code maxRedemptions} times, until {@code expiresAt}, for first-time customers
 * only.
 */
public record PromotionCode(
    long id,
    long couponId,
    String code,
    boolean active,
    @Nullable Integer maxRedemptions,
    int timesRedeemed,
    @Nullable Instant expiresAt,
    boolean firstTimeOnly,
    Instant createdAt) {

  public boolean exhausted() {
    return maxRedemptions != null && timesRedeemed >= maxRedemptions;
  }

  public boolean expired(Instant now) {
    return expiresAt != null && !now.isBefore(expiresAt);
  }
}
