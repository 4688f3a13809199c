package io.tossbill.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A period runs from its start date (inclusive) to its end date (exclusive), in whole days. */
class BillingPeriodTests {

  private final BillingPeriod january2031 =
      new BillingPeriod(LocalDate.of(2031, 1, 15), LocalDate.of(2031, 2, 15));

  @Test
  void aPeriodCountsTheWholeDaysFromItsStartToItsEnd() {
    assertThat(january2031.days()).isEqualTo(31);
    assertThat(new BillingPeriod(LocalDate.of(2028, 2, 1), LocalDate.of(2028, 3, 1)).days())
        .isEqualTo(29);
    assertThat(new BillingPeriod(LocalDate.of(2031, 1, 1), LocalDate.of(2031, 1, 2)).days())
        .isEqualTo(1);
  }

  @ParameterizedTest(name = "on {0}: {1} days left")
  @CsvSource({
    "2030-12-01, 31", // before the period starts: all of it
    "2031-01-14, 31",
    "2031-01-15, 31", // its first day: all of it
    "2031-01-16, 30",
    "2031-01-25, 21", // the worked example of docs/billing.md
    "2031-02-14, 1",
    "2031-02-15, 0", // its end day belongs to the next period
    "2031-02-16, 0", // over: never negative
    "2031-06-01, 0"
  })
  void daysLeftCountFromTodayToTheEndNeverBelowZeroNorAboveTheWholePeriod(
      LocalDate today, long left) {
    assertThat(january2031.daysLeft(today)).isEqualTo(left);
  }

  @Test
  void aPeriodEndsAfterItStarts() {
    LocalDate day = LocalDate.of(2031, 1, 15);
    assertThatThrownBy(() -> new BillingPeriod(day, day))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("2031-01-15 to 2031-01-15");
    assertThatThrownBy(() -> new BillingPeriod(day, day.minusDays(1)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
