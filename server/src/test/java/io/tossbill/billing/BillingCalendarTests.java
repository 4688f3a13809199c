package io.tossbill.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tossbill.catalog.BillingInterval;
import io.tossbill.catalog.IntervalUnit;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class BillingCalendarTests {

  static Stream<Arguments> anchorDaysOverALeapAndANonLeapYear() {
    return Stream.of(2027, 2028)
        .flatMap(year -> IntStream.rangeClosed(1, 31).mapToObj(day -> Arguments.of(year, day)));
  }

  /**
   * Every monthly period of the year starts on the anchor day clamped to its month, never drifting.
   */
  @ParameterizedTest(name = "monthly from {0}-01-{1}")
  @MethodSource("anchorDaysOverALeapAndANonLeapYear")
  void monthlyPeriodsEndOnTheAnchorDayClampedToEachMonth(int year, int day) {
    LocalDate anchor = LocalDate.of(year, 1, day);
    for (int k = 0; k < 24; k++) {
      YearMonth startMonth = YearMonth.of(year, 1).plusMonths(k);
      YearMonth endMonth = startMonth.plusMonths(1);
      BillingPeriod period = BillingCalendar.period(anchor, BillingInterval.monthly(), k);
      assertThat(period.start())
          .isEqualTo(startMonth.atDay(Math.min(day, startMonth.lengthOfMonth())));
      assertThat(period.end()).isEqualTo(endMonth.atDay(Math.min(day, endMonth.lengthOfMonth())));
      assertThat(period.days()).isBetween(28L, 31L);
    }
  }

  /** Yearly periods from every day of February and of a 31-day month (August). */
  @ParameterizedTest(name = "yearly from {0}-02/08-{1}")
  @MethodSource("anchorDaysOverALeapAndANonLeapYear")
  void yearlyPeriodsKeepTheAnchorDayClampedToEachYear(int year, int day) {
    for (int month : new int[] {2, 8}) {
      YearMonth anchorMonth = YearMonth.of(year, month);
      if (day > anchorMonth.lengthOfMonth()) {
        continue;
      }
      LocalDate anchor = anchorMonth.atDay(day);
      for (int k = 0; k < 9; k++) {
        YearMonth start = anchorMonth.plusYears(k);
        YearMonth end = anchorMonth.plusYears(k + 1);
        BillingPeriod period = BillingCalendar.period(anchor, BillingInterval.yearly(), k);
        assertThat(period.start()).isEqualTo(start.atDay(Math.min(day, start.lengthOfMonth())));
        assertThat(period.end()).isEqualTo(end.atDay(Math.min(day, end.lengthOfMonth())));
      }
    }
  }

  @ParameterizedTest(name = "period {1} from {0}: {2} to {3}")
  @CsvSource({
    "2027-01-31, 0, 2027-01-31, 2027-02-28",
    "2027-01-31, 1, 2027-02-28, 2027-03-31",
    "2027-01-31, 2, 2027-03-31, 2027-04-30",
    "2027-01-31, 3, 2027-04-30, 2027-05-31",
    "2028-01-31, 0, 2028-01-31, 2028-02-29",
    "2028-01-31, 1, 2028-02-29, 2028-03-31",
    "2028-01-30, 0, 2028-01-30, 2028-02-29",
    "2028-01-30, 1, 2028-02-29, 2028-03-30",
    "2027-01-29, 0, 2027-01-29, 2027-02-28",
    "2027-01-29, 1, 2027-02-28, 2027-03-29",
    "2028-03-31, 0, 2028-03-31, 2028-04-30",
    "2028-03-31, 1, 2028-04-30, 2028-05-31",
    "2027-12-31, 1, 2028-01-31, 2028-02-29",
    "2027-12-31, 2, 2028-02-29, 2028-03-31"
  })
  void monthlyDatesTable(LocalDate anchor, int index, LocalDate start, LocalDate end) {
    assertThat(BillingCalendar.period(anchor, BillingInterval.monthly(), index))
        .isEqualTo(new BillingPeriod(start, end));
  }

  @ParameterizedTest(name = "yearly period {1} from {0}: {2} to {3}")
  @CsvSource({
    "2028-02-29, 0, 2028-02-29, 2029-02-28",
    "2028-02-29, 1, 2029-02-28, 2030-02-28",
    "2028-02-29, 3, 2031-02-28, 2032-02-29",
    "2028-02-29, 4, 2032-02-29, 2033-02-28",
    "2027-02-28, 1, 2028-02-28, 2029-02-28",
    "2027-03-01, 1, 2028-03-01, 2029-03-01"
  })
  void yearlyDatesTable(LocalDate anchor, int index, LocalDate start, LocalDate end) {
    assertThat(BillingCalendar.period(anchor, BillingInterval.yearly(), index))
        .isEqualTo(new BillingPeriod(start, end));
  }

  @Test
  void weeklyAndEveryNMonthsCountFromTheAnchor() {
    assertThat(BillingCalendar.period(LocalDate.of(2027, 12, 27), BillingInterval.weekly(), 1))
        .isEqualTo(new BillingPeriod(LocalDate.of(2028, 1, 3), LocalDate.of(2028, 1, 10)));
    List<LocalDate> quarterly = new ArrayList<>();
    for (int k = 0; k < 5; k++) {
      quarterly.add(
          BillingCalendar.periodStart(
              LocalDate.of(2027, 11, 30), BillingInterval.everyMonths(3), k));
    }
    assertThat(quarterly)
        .containsExactly(
            LocalDate.of(2027, 11, 30),
            LocalDate.of(2028, 2, 29),
            LocalDate.of(2028, 5, 30),
            LocalDate.of(2028, 8, 30),
            LocalDate.of(2028, 11, 30));
  }

  @Test
  void aPeriodEndingOnDayDIsChargedOnDAtTheChargeTimeInSeoul() {
    assertThat(BillingCalendar.chargeInstant(LocalDate.of(2028, 2, 29), LocalTime.of(9, 0)))
        .isEqualTo(Instant.parse("2028-02-29T00:00:00Z"));
    assertThat(BillingCalendar.businessDate(Instant.parse("2028-02-28T15:00:00Z")))
        .isEqualTo(LocalDate.of(2028, 2, 29));
    assertThat(BillingCalendar.businessDate(Instant.parse("2028-02-28T14:59:59Z")))
        .isEqualTo(LocalDate.of(2028, 2, 28));
  }

  @Test
  void weeklyPeriodsAreSevenDaysEachFromTheAnchor() {
    LocalDate anchor = LocalDate.of(2028, 2, 24);
    assertThat(BillingCalendar.period(anchor, BillingInterval.weekly(), 0))
        .isEqualTo(new BillingPeriod(anchor, LocalDate.of(2028, 3, 2)));
    assertThat(BillingCalendar.periodStart(anchor, BillingInterval.weekly(), 52))
        .isEqualTo(anchor.plusDays(7 * 52));
    assertThat(BillingCalendar.period(anchor, new BillingInterval(IntervalUnit.WEEK, 2), 3))
        .isEqualTo(new BillingPeriod(LocalDate.of(2028, 4, 6), LocalDate.of(2028, 4, 20)));
  }

  @Test
  void everyNYearsCountsFromTheAnchor() {
    assertThat(
            BillingCalendar.period(
                LocalDate.of(2028, 2, 29), new BillingInterval(IntervalUnit.YEAR, 2), 1))
        .isEqualTo(new BillingPeriod(LocalDate.of(2030, 2, 28), LocalDate.of(2032, 2, 29)));
  }

  @Test
  void theAnchorDateIsPeriodZero() {
    LocalDate anchor = LocalDate.of(2027, 1, 31);
    assertThat(BillingCalendar.periodStart(anchor, BillingInterval.monthly(), 0)).isEqualTo(anchor);
    assertThat(BillingCalendar.periodStart(anchor, 31, BillingInterval.monthly(), 0))
        .isEqualTo(anchor);
  }

  @Test
  void aPeriodIndexIsNeverNegative() {
    assertThatThrownBy(
            () ->
                BillingCalendar.periodStart(
                    LocalDate.of(2027, 1, 1), BillingInterval.monthly(), -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("-1");
  }

  /**
   * docs/billing.md: monthly from Jan 31, switched to every 3 months at the Apr 30 renewal, is
   * re-anchored on Apr 30 but keeps the anchor day 31: Apr 30 → Jul 31 → Oct 31 → Jan 31.
   */
  @Test
  void reAnchoringOnAClampedDayKeepsTheOriginalAnchorDay() {
    LocalDate reAnchored = LocalDate.of(2027, 4, 30);
    List<LocalDate> starts = new ArrayList<>();
    for (int k = 0; k < 5; k++) {
      starts.add(BillingCalendar.periodStart(reAnchored, 31, BillingInterval.everyMonths(3), k));
    }
    assertThat(starts)
        .containsExactly(
            LocalDate.of(2027, 4, 30),
            LocalDate.of(2027, 7, 31),
            LocalDate.of(2027, 10, 31),
            LocalDate.of(2028, 1, 31),
            LocalDate.of(2028, 4, 30));
    assertThat(BillingCalendar.period(reAnchored, 31, BillingInterval.everyMonths(3), 1))
        .isEqualTo(new BillingPeriod(LocalDate.of(2027, 7, 31), LocalDate.of(2027, 10, 31)));
  }

  @ParameterizedTest(name = "monthly from {0} on day {1}, period {2}: {3}")
  @CsvSource({
    "2027-02-28, 31, 1, 2027-03-31",
    "2027-02-28, 30, 1, 2027-03-30",
    "2027-02-28, 29, 1, 2027-03-29",
    "2027-02-28, 31, 2, 2027-04-30",
    "2027-02-28, 31, 12, 2028-02-29",
    "2027-04-30, 30, 1, 2027-05-30",
    "2027-03-15, 15, 1, 2027-04-15"
  })
  void monthlyPeriodsFallOnTheAnchorDayClampedToEachMonth(
      LocalDate anchor, int anchorDay, int index, LocalDate start) {
    assertThat(BillingCalendar.periodStart(anchor, anchorDay, BillingInterval.monthly(), index))
        .isEqualTo(start);
  }

  @Test
  void yearlyPeriodsReAnchoredOnFebruary28KeepAFebruary29Anchor() {
    LocalDate reAnchored = LocalDate.of(2029, 2, 28);
    assertThat(BillingCalendar.period(reAnchored, 29, BillingInterval.yearly(), 0))
        .isEqualTo(new BillingPeriod(LocalDate.of(2029, 2, 28), LocalDate.of(2030, 2, 28)));
    assertThat(BillingCalendar.periodStart(reAnchored, 29, BillingInterval.yearly(), 3))
        .isEqualTo(LocalDate.of(2032, 2, 29));
  }

  @Test
  void anAnchorDayBelowTheAnchorDatesDayNeverMovesAPeriodBack() {
    // the anchor day only ever lifts a clamped date back up to it, never pulls one down
    assertThat(
            BillingCalendar.periodStart(
                LocalDate.of(2027, 3, 20), 10, BillingInterval.monthly(), 1))
        .isEqualTo(LocalDate.of(2027, 4, 20));
  }

  @Test
  void weeklyPeriodsIgnoreTheAnchorDay() {
    LocalDate reAnchored = LocalDate.of(2027, 4, 30);
    assertThat(BillingCalendar.period(reAnchored, 31, BillingInterval.weekly(), 1))
        .isEqualTo(new BillingPeriod(LocalDate.of(2027, 5, 7), LocalDate.of(2027, 5, 14)));
  }

  @Test
  void aChargeTimeIsReadInSeoulWhateverTheTimeOfDay() {
    assertThat(BillingCalendar.chargeInstant(LocalDate.of(2031, 2, 15), LocalTime.of(14, 30)))
        .isEqualTo(Instant.parse("2031-02-15T05:30:00Z"));
    // 08:00 Seoul is still the previous day in UTC
    assertThat(BillingCalendar.chargeInstant(LocalDate.of(2031, 3, 1), LocalTime.of(8, 0)))
        .isEqualTo(Instant.parse("2031-02-28T23:00:00Z"));
    assertThat(BillingCalendar.businessDate(Instant.parse("2031-02-28T23:00:00Z")))
        .isEqualTo(LocalDate.of(2031, 3, 1));
  }
}
