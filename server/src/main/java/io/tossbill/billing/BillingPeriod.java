package io.tossbill.billing;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;

/**
 * One billing period as business dates in Asia/Seoul: from {@code start} (inclusive) to {@code end}
 * (exclusive); the renewal for the next period is charged on {@code end}.
 */
public record BillingPeriod(LocalDate start, LocalDate end) {

  public BillingPeriod {
    if (!end.isAfter(start)) {
      throw new IllegalArgumentException(
          "a period ends after it starts, was " + start + " to " + end);
    }
  }

  /** Whole days in this period. */
  public long days() {
    return ChronoUnit.DAYS.between(start, end);
  }

  /**
   * Whole days from {@code today} to the end, 0 once the period is over, all of them before it
   * starts.
   */
  public long daysLeft(LocalDate today) {
    if (today.isBefore(start)) {
      return days();
    }
    return Math.max(0, ChronoUnit.DAYS.between(today, end));
  }
}
