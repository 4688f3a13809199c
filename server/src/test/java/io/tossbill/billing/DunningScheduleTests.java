package io.tossbill.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tossbill.billing.DunningSchedule.AwaitNewCard;
import io.tossbill.billing.DunningSchedule.GiveUp;
import io.tossbill.billing.DunningSchedule.RetryAt;
import io.tossbill.toss.DeclineKind;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * docs/billing.md, Dunning: after a renewal due on D is declined, a soft decline is retried on D+1,
 * D+3, D+5, D+7 at 09:00 (never sooner than the schedule's own gap after the decline) and a hard
 * decline waits for a new card until D+7; then the terminal action applies.
 */
class DunningScheduleTests {

  private static final LocalTime NINE = LocalTime.of(9, 0);
  private static final LocalDate DUE = LocalDate.of(2031, 2, 15);

  private final DunningSchedule schedule =
      new DunningSchedule(List.of(1, 3, 5, 7), SubscriptionStatus.CANCELED, NINE);

  /** {@code date} at {@code time} in Seoul. */
  private static Instant seoul(String date, String time) {
    return BillingCalendar.chargeInstant(LocalDate.parse(date), LocalTime.parse(time));
  }

  @Test
  void aSoftDeclineIsRetriedOnTheScheduleDaysAtTheChargeTime() {
    assertThat(schedule.afterDecline(DeclineKind.SOFT, 1, DUE, seoul("2031-02-15", "09:00")))
        .isEqualTo(new RetryAt(seoul("2031-02-16", "09:00"), 1));
    assertThat(schedule.afterDecline(DeclineKind.SOFT, 2, DUE, seoul("2031-02-16", "09:00")))
        .isEqualTo(new RetryAt(seoul("2031-02-18", "09:00"), 2));
    assertThat(schedule.afterDecline(DeclineKind.SOFT, 3, DUE, seoul("2031-02-18", "09:00")))
        .isEqualTo(new RetryAt(seoul("2031-02-20", "09:00"), 3));
    assertThat(schedule.afterDecline(DeclineKind.SOFT, 4, DUE, seoul("2031-02-20", "09:00")))
        .isEqualTo(new RetryAt(seoul("2031-02-22", "09:00"), 4));
  }

  @Test
  void theDeclinesTimeOfDayDoesNotMoveTheRetryOffTheChargeTime() {
    // declined at 23:30 Seoul (14:30 UTC, the same Seoul day): still the next day at 09:00
    assertThat(
            schedule.afterDecline(DeclineKind.SOFT, 1, DUE, Instant.parse("2031-02-15T14:30:00Z")))
        .isEqualTo(new RetryAt(seoul("2031-02-16", "09:00"), 1));
  }

  @Test
  void retriesHappenAtTheConfiguredChargeTime() {
    DunningSchedule afternoon =
        new DunningSchedule(List.of(1, 3, 5, 7), SubscriptionStatus.CANCELED, LocalTime.of(14, 30));
    assertThat(afternoon.afterDecline(DeclineKind.SOFT, 2, DUE, seoul("2031-02-16", "14:30")))
        .isEqualTo(new RetryAt(seoul("2031-02-18", "14:30"), 2));
  }

  /** docs/billing.md: a decline that came late (first tried on D+4): next on D+5, then D+7… */
  @Test
  void aLateDeclineIsRetriedNoSoonerThanTheSchedulesOwnGap() {
    List<Instant> retries = new ArrayList<>();
    Instant now = seoul("2031-02-19", "09:00"); // D+4
    for (int declines = 1; declines <= 4; declines++) {
      RetryAt retry = (RetryAt) schedule.afterDecline(DeclineKind.SOFT, declines, DUE, now);
      assertThat(retry.retry()).isEqualTo(declines);
      retries.add(retry.at());
      now = retry.at();
    }
    assertThat(retries)
        .containsExactly(
            seoul("2031-02-20", "09:00"), // D+5: max(D+1, D+4+1)
            seoul("2031-02-22", "09:00"), // D+7: max(D+3, D+5+2)
            seoul("2031-02-24", "09:00"), // D+9: max(D+5, D+7+2)
            seoul("2031-02-26", "09:00")); // D+11: max(D+7, D+9+2)
  }

  @Test
  void aDeclineAheadOfTheScheduleKeepsTheScheduleDay() {
    // the second retry declined early on D+1 (a new card was tried at once): next retry on D+5
    assertThat(schedule.afterDecline(DeclineKind.SOFT, 3, DUE, seoul("2031-02-16", "10:00")))
        .isEqualTo(new RetryAt(seoul("2031-02-20", "09:00"), 3));
  }

  @ParameterizedTest
  @EnumSource(
      value = SubscriptionStatus.class,
      names = {"CANCELED", "EXPIRED"})
  void afterTheLastRetryFailsTheSubscriptionEndsAsTheTerminalAction(SubscriptionStatus terminal) {
    DunningSchedule ending = new DunningSchedule(List.of(1, 3, 5, 7), terminal, NINE);
    assertThat(ending.afterDecline(DeclineKind.SOFT, 5, DUE, seoul("2031-02-22", "09:00")))
        .isEqualTo(new GiveUp(terminal));
    assertThat(ending.afterDecline(DeclineKind.SOFT, 9, DUE, seoul("2031-03-22", "09:00")))
        .isEqualTo(new GiveUp(terminal));
  }

  @Test
  void aScheduleWithoutRetriesGivesUpAtTheFirstSoftDecline() {
    DunningSchedule none = new DunningSchedule(List.of(), SubscriptionStatus.EXPIRED, NINE);
    assertThat(none.lastDay()).isZero();
    assertThat(none.afterDecline(DeclineKind.SOFT, 1, DUE, seoul("2031-02-15", "09:00")))
        .isEqualTo(new GiveUp(SubscriptionStatus.EXPIRED));
  }

  @Test
  void aFirstDeclineNotYetCountedIsTheFirstRetry() {
    assertThat(schedule.afterDecline(DeclineKind.SOFT, 0, DUE, seoul("2031-02-15", "09:00")))
        .isEqualTo(new RetryAt(seoul("2031-02-16", "09:00"), 1));
  }

  @Test
  void aHardDeclineIsNotRetriedButWaitsForANewCardUntilTheLastDay() {
    assertThat(schedule.lastDay()).isEqualTo(7);
    assertThat(schedule.afterDecline(DeclineKind.HARD, 1, DUE, seoul("2031-02-15", "09:00")))
        .isEqualTo(new AwaitNewCard(seoul("2031-02-22", "09:00")));
    // however many soft declines came before
    assertThat(schedule.afterDecline(DeclineKind.HARD, 5, DUE, seoul("2031-02-18", "09:00")))
        .isEqualTo(new AwaitNewCard(seoul("2031-02-22", "09:00")));
  }

  @Test
  void aHardDeclineAfterTheLastDayEndsAtOnce() {
    Instant late = seoul("2031-02-25", "12:00");
    assertThat(schedule.afterDecline(DeclineKind.HARD, 1, DUE, late))
        .isEqualTo(new AwaitNewCard(late));
  }

  @Test
  void theNewCardDeadlineIsTheLastDayAtTheChargeTimeOrNow() {
    assertThat(schedule.newCardDeadline(DUE, seoul("2031-02-16", "09:00")))
        .isEqualTo(seoul("2031-02-22", "09:00"));
    assertThat(schedule.newCardDeadline(DUE, seoul("2031-02-22", "09:00")))
        .isEqualTo(seoul("2031-02-22", "09:00"));
    assertThat(schedule.newCardDeadline(DUE, seoul("2031-02-22", "09:01")))
        .isEqualTo(seoul("2031-02-22", "09:01"));
  }

  @ParameterizedTest
  @EnumSource(
      value = SubscriptionStatus.class,
      names = {"CANCELED", "EXPIRED"},
      mode = EnumSource.Mode.EXCLUDE)
  void dunningEndsOnlyAsCanceledOrExpired(SubscriptionStatus other) {
    assertThatThrownBy(() -> new DunningSchedule(List.of(1, 3), other, NINE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(other.name());
  }

  @Test
  void retryDaysArePositiveAndAscending() {
    for (List<Integer> bad : List.of(List.of(0, 1), List.of(-1), List.of(1, 3, 3), List.of(3, 1))) {
      assertThatThrownBy(() -> new DunningSchedule(bad, SubscriptionStatus.CANCELED, NINE))
          .as("%s", bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("ascending");
    }
    assertThat(new DunningSchedule(List.of(2), SubscriptionStatus.CANCELED, NINE).retryDays())
        .containsExactly(2);
  }
}
