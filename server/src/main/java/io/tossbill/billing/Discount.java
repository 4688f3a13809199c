package io.tossbill.billing;

import io.tossbill.catalog.PlanId;
import io.tossbill.platform.Won;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A discount a subscription holds, frozen when it was applied, so a coupon changed or deactivated
 * later never changes it: a percent or a fixed number of won off each period numbered {@code
 * firstPeriod} to {@code lastPeriod} (null: forever), on the plans it names (empty: every plan).
 * The one place a discount's won are computed ({@link #off}); {@link AmountDue} takes them off the
 * price.
 *
 * @param code what the subscriber typed or was given: the promotion code, else the coupon's code
 * @param percentOff 1 to 100, or 0 for a fixed discount
 * @param amountOff the won off each period for a fixed discount, 0 for a percent one
 */
public record Discount(
    long couponId,
    @Nullable Long promotionCodeId,
    String code,
    int percentOff,
    Won amountOff,
    int firstPeriod,
    @Nullable Integer lastPeriod,
    Set<PlanId> plans) {

  public Discount {
    if (couponId <= 0 || code.isBlank()) {
      throw new IllegalArgumentException("a discount names its coupon, was " + couponId + code);
    }
    if ((percentOff == 0) == amountOff.isZero()
        || percentOff < 0
        || percentOff > 100
        || amountOff.isNegative()) {
      throw new IllegalArgumentException(
          "a discount is a percent (1..100) or a positive amount, was "
              + percentOff
              + "% / "
              + amountOff);
    }
    if (firstPeriod < 1 || (lastPeriod != null && lastPeriod < firstPeriod)) {
      throw new IllegalArgumentException(
          "a discount covers periods from 1, was " + firstPeriod + ".." + lastPeriod);
    }
    plans = Set.copyOf(plans);
  }

  /** The discount {@code terms} grant, counted from period {@code firstPeriod}. */
  public static Discount starting(DiscountTerms terms, int firstPeriod) {
    Integer periods = terms.periods();
    return new Discount(
        terms.couponId(),
        terms.promotionCodeId(),
        terms.code(),
        terms.percentOff(),
        terms.amountOff(),
        firstPeriod,
        periods == null ? null : firstPeriod + periods - 1,
        terms.plans());
  }

  /**
   * The won taken off a period of {@code price} on {@code plan} numbered {@code periodNo}: a
   * percent of the price rounded down to the won (the customer never pays for a fraction of a won
   * the merchant did not grant), or the fixed amount but never more than the price; 0 outside the
   * periods it covers or on a plan it does not apply to.
   */
  public Won off(Won price, PlanId plan, int periodNo) {
    if (!covers(periodNo) || !appliesTo(plan) || !price.isPositive()) {
      return Won.ZERO;
    }
    if (percentOff > 0) {
      return Won.of(Math.multiplyExact(price.value(), percentOff) / 100);
    }
    return amountOff.min(price);
  }

  /** Whether period {@code periodNo} is one it takes money off. */
  public boolean covers(int periodNo) {
    return periodNo >= firstPeriod && (lastPeriod == null || periodNo <= lastPeriod);
  }

  /** Whether it applies to {@code plan}. */
  public boolean appliesTo(PlanId plan) {
    return plans.isEmpty() || plans.contains(plan);
  }

  /** Whether no period from {@code periodNo} on is covered any more. */
  public boolean endedBy(int periodNo) {
    return lastPeriod != null && periodNo > lastPeriod;
  }
}
