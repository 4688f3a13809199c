package io.tossbill.billing;

import io.tossbill.catalog.PlanId;
import io.tossbill.platform.Won;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What a redeemed coupon grants, before it is attached to a subscription's periods: a percent or a
 * fixed amount off, for {@code periods} billing periods (1 for once, null for forever), on {@code
 * plans} (empty: every plan).
 *
 * @param code the promotion code redeemed, else the coupon's code
 * @param name the coupon's name, for people
 */
public record DiscountTerms(
    long couponId,
    @Nullable Long promotionCodeId,
    String code,
    String name,
    int percentOff,
    Won amountOff,
    @Nullable Integer periods,
    Set<PlanId> plans) {

  public DiscountTerms {
    if (periods != null && periods < 1) {
      throw new IllegalArgumentException("a discount lasts one period or more, was " + periods);
    }
    plans = Set.copyOf(plans);
  }

  /** These terms as they would apply from period {@code firstPeriod}. */
  public Discount from(int firstPeriod) {
    return Discount.starting(this, firstPeriod);
  }
}
