package io.tossbill.billing;

import io.tossbill.platform.Won;

/**
 * Proration in whole won by whole days of the actual period. One rounding rule everywhere: the
 * exact fraction {@code amount × daysLeft ÷ days} rounded half-up to the won, applied once to the
 * net.
 */
public final class Proration {

  private Proration() {}

  /** {@code amount × daysLeft ÷ days}, half-up to the won; negative amounts round symmetrically. */
  public static Won prorate(Won amount, long daysLeft, long days) {
    if (days <= 0 || daysLeft < 0 || daysLeft > days) {
      throw new IllegalArgumentException(
          "days left must be within 0.." + days + ", was " + daysLeft);
    }
    long numerator = Math.multiplyExact(Math.abs(amount.value()), daysLeft);
    long rounded =
        Math.addExact(Math.multiplyExact(numerator, 2), days) / Math.multiplyExact(days, 2);
    return Won.of(amount.isNegative() ? -rounded : rounded);
  }

  /**
   * What moving from {@code oldPrice} to {@code newPrice} on {@code daysLeft} of {@code period}
   * costs now: the net of the new plan's price for the remaining days minus the unused days of the
   * old one.
   */
  public static Won netChange(Won oldPrice, Won newPrice, BillingPeriod period, long daysLeft) {
    return prorate(newPrice.minus(oldPrice), daysLeft, period.days());
  }

  /** What a cancel-now refund of {@code paid} returns for the unused days. */
  public static Won unusedRefund(Won paid, BillingPeriod period, long daysLeft) {
    return prorate(paid, daysLeft, period.days());
  }

  /** Toss's VAT of a taxable amount: {@code round(amount ÷ 11)}, half-up. */
  public static Won vatOf(Won amount) {
    return Won.of(Math.addExact(Math.multiplyExact(amount.value(), 2), 11) / 22);
  }
}
