package io.tossbill.catalog;

import java.util.Objects;

/**
 * How often a plan is billed: {@code count} units, e.g. every 3 months.
 *
 * @param unit week, month or year
 * @param count how many units make one period, 1 or more
 */
public record BillingInterval(IntervalUnit unit, int count) {

  /** The longest period a plan may have, in each unit (5 years). */
  static final int MAX_WEEKS = 260;

  static final int MAX_MONTHS = 60;
  static final int MAX_YEARS = 5;

  public BillingInterval {
    Objects.requireNonNull(unit, "unit");
    int max =
        switch (unit) {
          case WEEK -> MAX_WEEKS;
          case MONTH -> MAX_MONTHS;
          case YEAR -> MAX_YEARS;
        };
    if (count < 1 || count > max) {
      throw new IllegalArgumentException(
          "an interval of " + unit + " counts 1.." + max + ", was " + count);
    }
  }

  public static BillingInterval monthly() {
    return new BillingInterval(IntervalUnit.MONTH, 1);
  }

  public static BillingInterval yearly() {
    return new BillingInterval(IntervalUnit.YEAR, 1);
  }

  public static BillingInterval weekly() {
    return new BillingInterval(IntervalUnit.WEEK, 1);
  }

  public static BillingInterval everyMonths(int n) {
    return new BillingInterval(IntervalUnit.MONTH, n);
  }
}
