package io.tossbill.billing;

import io.tossbill.catalog.BillingInterval;
import io.tossbill.platform.BusinessTime;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;

/**
 * Period dates from an anchor. Period {@code k} starts {@code k} intervals after the anchor date,
 * counted from the anchor and clamped to the month's length, never from the previous period's end:
 * Jan 31 → Feb 28 (29) → Mar 31 → Apr 30, and yearly Feb 29 → Feb 28 → Feb 29.
 */
public final class BillingCalendar {

  private BillingCalendar() {}

  /** The first day of period {@code index} (0 is the anchor date itself). */
  public static LocalDate periodStart(LocalDate anchor, BillingInterval interval, int index) {
    if (index < 0) {
      throw new IllegalArgumentException("a period index is 0 or more, was " + index);
    }
    long steps = Math.multiplyExact((long) index, interval.count());
    return switch (interval.unit()) {
      case WEEK -> anchor.plusWeeks(steps);
      case MONTH -> anchor.plusMonths(steps);
      case YEAR -> anchor.plusYears(steps);
    };
  }

  /** Period {@code index} counted from the anchor. */
  public static BillingPeriod period(LocalDate anchor, BillingInterval interval, int index) {
    return new BillingPeriod(
        periodStart(anchor, interval, index), periodStart(anchor, interval, index + 1));
  }

  /**
   * The first day of period {@code index} when the anchor date itself may be clamped: monthly and
   * yearly periods fall on {@code anchorDay} (the original anchor's day of month), clamped to each
   * month's length, so re-anchoring on Apr 30 a subscription anchored on the 31st gives Jul 31, not
   * Jul 30. Weekly periods ignore it.
   */
  public static LocalDate periodStart(
      LocalDate anchor, int anchorDay, BillingInterval interval, int index) {
    LocalDate start = periodStart(anchor, interval, index);
    if (interval.unit() == io.tossbill.catalog.IntervalUnit.WEEK) {
      return start;
    }
    return start.withDayOfMonth(
        Math.min(Math.max(anchorDay, start.getDayOfMonth()), start.lengthOfMonth()));
  }

  /** Period {@code index} counted from the anchor, on the anchor day (see above). */
  public static BillingPeriod period(
      LocalDate anchor, int anchorDay, BillingInterval interval, int index) {
    return new BillingPeriod(
        periodStart(anchor, anchorDay, interval, index),
        periodStart(anchor, anchorDay, interval, index + 1));
  }

  /** The instant a business date's charge happens: that date at the charge time, Asia/Seoul. */
  public static Instant chargeInstant(LocalDate date, LocalTime chargeTime) {
    return date.atTime(chargeTime).atZone(BusinessTime.ZONE).toInstant();
  }

  /** The business date of an instant, in Asia/Seoul. */
  public static LocalDate businessDate(Instant instant) {
    return LocalDate.ofInstant(instant, BusinessTime.ZONE);
  }
}
