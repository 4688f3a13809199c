package io.tossbill.coupon;

import io.tossbill.platform.Won;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A coupon: {@code percentOff} percent or {@code amountOff} won off each period for its duration,
 * redeemable until {@code redeemBy} at most {@code maxRedemptions} times, on {@code planIds}
 * (empty: every plan), by first-time customers only when {@code firstTimeOnly}. Its terms never
 * change once created; it can only be deactivated (discounts already applied keep running).
 */
public record Coupon(
    long id,
    String code,
    String name,
    @Nullable Integer percentOff,
    @Nullable Won amountOff,
    CouponDuration duration,
    @Nullable Integer durationPeriods,
    @Nullable Integer maxRedemptions,
    int timesRedeemed,
    @Nullable Instant redeemBy,
    List<Long> planIds,
    boolean firstTimeOnly,
    boolean active,
    Instant createdAt) {

  /** How many periods a discount from it lasts: null for forever. */
  public @Nullable Integer periods() {
    return switch (duration) {
      case ONCE -> 1;
      case REPEATING -> durationPeriods;
      case FOREVER -> null;
    };
  }

  /** Whether every allowed redemption is used. */
  public boolean exhausted() {
    return maxRedemptions != null && timesRedeemed >= maxRedemptions;
  }

  /** Whether its redeem-by time has passed at {@code now}. */
  public boolean expired(Instant now) {
    return redeemBy != null && !now.isBefore(redeemBy);
  }
}
