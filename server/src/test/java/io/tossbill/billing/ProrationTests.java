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
    "-20000, 21, 31, -13548",
    "3, 1, 2, 2",
    "-1, 1, 2, -1",
    "-3, 1, 2, -2",
    "-150, 1, 2, -75",
    "-100, 1, 3, -33",
    "-200, 1, 3, -67",
    "0, 7, 31, 0"
  })
  void roundsHalfUpToTheWonAndNegativesSymmetrically(
      long amount, long daysLeft, long days, long expected) {
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
  @CsvSource({
    "4900, 445",
    "15000, 1364",
    "30000, 2727",
    "100, 9",
    "11, 1",
    "5, 0",
    "6, 1",
    "0, 0",
    "16, 1",
    "17, 2",
    "13548, 1232"
  })
  void splitsVatAsTossDoes(long amount, long vat) {
    assertThat(Proration.vatOf(Won.of(amount))).isEqualTo(Won.of(vat));
  }

  @ParameterizedTest(name = "{0} of {1} days")
  @CsvSource({"32, 31", "1, 0", "0, 0", "-1, 31", "0, -1"})
  void refusesDaysOutsideThePeriod(long daysLeft, long days) {
    assertThatThrownBy(() -> Proration.prorate(Won.of(100), daysLeft, days))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("days left must be within 0.." + days);
  }

  @Test
  void aDowngradeNetIsTheSameFractionNegated() {
    // what Pro → Basic on the worked example's day would be worth: the upgrade's net, negated
    assertThat(Proration.netChange(Won.of(30_000), Won.of(10_000), january2031, 21))
        .isEqualTo(Won.of(-13_548));
    assertThat(Proration.netChange(Won.of(10_000), Won.of(10_000), january2031, 21))
        .isEqualTo(Won.ZERO);
  }

  /**
   * docs/billing.md: cancelled on 2031-02-04 right after the upgrade, 11 days left: the period
   * charge refunds 10,000 × 11 ÷ 31 and the upgrade charge 13,548 × 11 ÷ 21 (its days covered).
   */
  @Test
  void eachChargeOfAPeriodRefundsItsOwnUnusedDays() {
    long daysLeft = january2031.daysLeft(LocalDate.of(2031, 2, 4));
    assertThat(daysLeft).isEqualTo(11);
    assertThat(Proration.unusedRefund(Won.of(10_000), january2031, daysLeft))
        .isEqualTo(Won.of(3_548));
    BillingPeriod coveredByUpgrade =
        new BillingPeriod(LocalDate.of(2031, 1, 25), january2031.end());
    assertThat(Proration.unusedRefund(Won.of(13_548), coveredByUpgrade, daysLeft))
        .isEqualTo(Won.of(7_097));
  }

  @Test
  void aRefundOnTheLastDayOrAfterTheEndIsZeroAndOnTheFirstDayIsEverything() {
    assertThat(Proration.unusedRefund(Won.of(10_000), january2031, 0)).isEqualTo(Won.ZERO);
    assertThat(Proration.unusedRefund(Won.of(10_000), january2031, 31)).isEqualTo(Won.of(10_000));
  }

  @Test
  void vatIsAnEleventhRoundedHalfUpForEveryAmount() {
    for (long amount = 0; amount <= 50_000; amount += 7) {
      assertThat(Proration.vatOf(Won.of(amount)).value())
          .as("vat of %d", amount)
          .isEqualTo(Math.round(amount / 11.0));
    }
  }
}
