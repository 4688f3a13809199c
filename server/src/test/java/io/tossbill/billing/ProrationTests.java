package io.tossbill.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tossbill.platform.Won;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProrationTests {

  private final BillingPeriod january2031 =
      new BillingPeriod(LocalDate.of(2031, 1, 15), LocalDate.of(2031, 2, 15));

  @Test
  void upgradeChargesTheNetOfTheRemainingDaysRoundedHalfUp() {
    // docs/billing.md's worked example: 10,000 → 30,000 won on Jan 25, 21 of 31 days left.
    long daysLeft = january2031.daysLeft(LocalDate.of(2031, 1, 25));
    assertThat(daysLeft).isEqualTo(21);
    assertThat(Proration.netChange(Won.of(10_000), Won.of(30_000), january2031, daysLeft))
        .isEqualTo(Won.of(13_548));
  }

  @ParameterizedTest
  @CsvSource({
    "10000, 15, 30, 5000",
    "100, 1, 3, 33",
    "200, 1, 3, 67",
    "150, 1, 2, 75",
    "1, 1, 2, 1",
    "9900, 0, 31, 0",
    "9900, 31, 31, 9900",
    "-20000, 21, 31, -13548"
  })
  void roundsHalfUpToTheWon(long amount, long daysLeft, long days, long expected) {
    assertThat(Proration.prorate(Won.of(amount), daysLeft, days)).isEqualTo(Won.of(expected));
  }

  @Test
  void cancelRefundsTheUnusedWholeDays() {
    BillingPeriod april = new BillingPeriod(LocalDate.of(2031, 4, 1), LocalDate.of(2031, 5, 1));
    assertThat(
            Proration.unusedRefund(
                Won.of(30_000), april, april.daysLeft(LocalDate.of(2031, 4, 11))))
        .isEqualTo(Won.of(20_000));
    assertThat(april.daysLeft(LocalDate.of(2031, 5, 3))).isZero();
    assertThat(april.daysLeft(LocalDate.of(2031, 3, 3))).isEqualTo(30);
  }

  @ParameterizedTest
  @CsvSource({"4900, 445", "15000, 1364", "30000, 2727", "100, 9", "11, 1", "5, 0", "6, 1"})
  void splitsVatAsTossDoes(long amount, long vat) {
    assertThat(Proration.vatOf(Won.of(amount))).isEqualTo(Won.of(vat));
  }

  @Test
  void refusesDaysOutsideThePeriod() {
    assertThatThrownBy(() -> Proration.prorate(Won.of(100), 32, 31))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Proration.prorate(Won.of(100), 1, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
