package io.tossbill.billing;

import io.tossbill.toss.DeclineKind;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;

/**
 * What follows a declined renewal, by Toss's decline kind (the client's {@code ErrorCategory}): a
 * soft decline is retried on the days of the schedule after the due date (default 1, 3, 5, 7), at
 * the charge time, never closer to the decline than the schedule's own gap; when the retries are
 * used up the subscription ends (the terminal action). A hard decline is not retried: the
 * subscription waits for a new card until the last day of the schedule, then ends.
 *
 * @param retryDays days after the due date on which a soft decline is retried, ascending
 * @param terminal what a subscription becomes when dunning runs out: CANCELED or EXPIRED
 * @param chargeTime the time of day (Asia/Seoul) charges happen
 */
public record DunningSchedule(
    List<Integer> retryDays, SubscriptionStatus terminal, LocalTime chargeTime) {

  public DunningSchedule {
    retryDays = List.copyOf(retryDays);
    if (terminal != SubscriptionStatus.CANCELED && terminal != SubscriptionStatus.EXPIRED) {
      throw new IllegalArgumentException("dunning ends CANCELED or EXPIRED, was " + terminal);
    }
    int previous = 0;
    for (int day : retryDays) {
      if (day <= previous) {
        throw new IllegalArgumentException("retry days are positive and ascending: " + retryDays);
      }
      previous = day;
    }
  }

  /** What comes next. */
  public sealed interface Next {}

  /** Retry the same period's charge at {@code at}: the {@code retry}-th retry (1 is the first). */
  public record RetryAt(Instant at, int retry) implements Next {}

  /** Do not retry this card; wait for a new one until {@code until}, then end. */
  public record AwaitNewCard(Instant until) implements Next {}

  /** Dunning ran out: end the subscription as {@code to}. */
  public record GiveUp(SubscriptionStatus to) implements Next {}

  /** The last day of dunning after the due date: after it, the terminal action. */
  public int lastDay() {
    return retryDays.isEmpty() ? 0 : retryDays.getLast();
  }

  /**
   * After the period due on {@code dueDate} was declined at {@code now}, {@code countedDeclines}
   * times in all (this decline included).
   */
  public Next afterDecline(DeclineKind kind, int countedDeclines, LocalDate dueDate, Instant now) {
    if (kind == DeclineKind.HARD) {
      return new AwaitNewCard(latest(now, at(dueDate.plusDays(lastDay()))));
    }
    int retriesDone = Math.max(countedDeclines - 1, 0);
    if (retriesDone >= retryDays.size()) {
      return new GiveUp(terminal);
    }
    int day = retryDays.get(retriesDone);
    int gap = day - (retriesDone == 0 ? 0 : retryDays.get(retriesDone - 1));
    Instant onSchedule = at(dueDate.plusDays(day));
    Instant afterGap = at(BillingCalendar.businessDate(now).plusDays(gap));
    return new RetryAt(latest(onSchedule, afterGap), retriesDone + 1);
  }

  /** When a subscription waiting for a new card since the period due on {@code dueDate} ends. */
  public Instant newCardDeadline(LocalDate dueDate, Instant now) {
    return latest(now, at(dueDate.plusDays(lastDay())));
  }

  private Instant at(LocalDate date) {
    return BillingCalendar.chargeInstant(date, chargeTime);
  }

  private static Instant latest(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }
}
