package io.tossbill.billing;

import static org.assertj.core.api.Assertions.assertThat;

import io.tossbill.billing.AmountDue.Kind;
import io.tossbill.platform.Won;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * docs/billing.md, Amounts: a period charge is {@code price − balance}; the balance is a credit
 * (positive) or an amount carried to the next invoice (negative); less than Toss's 100-won minimum
 * is never charged.
 */
class AmountDueTests {

  @Test
  void thePriceIsChargedWhenNothingIsOwedOrCredited() {
    assertThat(AmountDue.of(Won.of(10_000), Won.ZERO))
        .isEqualTo(new AmountDue(Kind.CHARGE, Won.of(10_000), Won.of(10_000)));
    assertThat(AmountDue.balanceAfter(Won.ZERO, Won.of(10_000), Won.of(10_000)))
        .isEqualTo(Won.ZERO);
  }

  @Test
  void creditIsTakenOffTheChargeAndUsedUp() {
    AmountDue due = AmountDue.of(Won.of(10_000), Won.of(3_000));
    assertThat(due).isEqualTo(new AmountDue(Kind.CHARGE, Won.of(7_000), Won.of(7_000)));
    assertThat(AmountDue.balanceAfter(Won.of(3_000), Won.of(10_000), due.charge()))
        .isEqualTo(Won.ZERO);
  }

  @Test
  void aCarriedBalanceIsAddedToTheChargeAndSettledByIt() {
    AmountDue due = AmountDue.of(Won.of(10_000), Won.of(-68));
    assertThat(due).isEqualTo(new AmountDue(Kind.CHARGE, Won.of(10_068), Won.of(10_068)));
    assertThat(AmountDue.balanceAfter(Won.of(-68), Won.of(10_000), due.charge()))
        .isEqualTo(Won.ZERO);
  }

  @Test
  void creditCoveringThePricePaysThePeriodWithoutAChargeAndKeepsTheRest() {
    AmountDue exact = AmountDue.of(Won.of(10_000), Won.of(10_000));
    assertThat(exact).isEqualTo(new AmountDue(Kind.PAID_BY_CREDIT, Won.ZERO, Won.ZERO));
    AmountDue more = AmountDue.of(Won.of(10_000), Won.of(15_000));
    assertThat(more).isEqualTo(new AmountDue(Kind.PAID_BY_CREDIT, Won.ZERO, Won.of(-5_000)));
    assertThat(AmountDue.balanceAfter(Won.of(15_000), Won.of(10_000), more.charge()))
        .isEqualTo(Won.of(5_000));
  }

  @Test
  void lessThanTheMinimumDueIsNotChargedButCarriedToTheNextInvoice() {
    AmountDue due = AmountDue.of(Won.of(10_000), Won.of(9_950));
    assertThat(due).isEqualTo(new AmountDue(Kind.CARRIED_TO_NEXT_INVOICE, Won.ZERO, Won.of(50)));
    Won carried = AmountDue.balanceAfter(Won.of(9_950), Won.of(10_000), due.charge());
    assertThat(carried).isEqualTo(Won.of(-50));
    // and the next period charges it with the price
    assertThat(AmountDue.of(Won.of(10_000), carried).charge()).isEqualTo(Won.of(10_050));
  }

  @ParameterizedTest(name = "price {0}, balance {1}: {2} charges {3}")
  @CsvSource({
    "100, 0, CHARGE, 100",
    "99, 0, CARRIED_TO_NEXT_INVOICE, 0",
    "1, 0, CARRIED_TO_NEXT_INVOICE, 0",
    "50, -50, CHARGE, 100",
    "50, -49, CARRIED_TO_NEXT_INVOICE, 0",
    "10000, 9900, CHARGE, 100",
    "10000, 9901, CARRIED_TO_NEXT_INVOICE, 0",
    "10000, 9999, CARRIED_TO_NEXT_INVOICE, 0",
    "10000, 10001, PAID_BY_CREDIT, 0"
  })
  void tossesMinimumOf100WonDecidesWhetherACardIsCharged(
      long price, long balance, Kind kind, long charge) {
    AmountDue due = AmountDue.of(Won.of(price), Won.of(balance));
    assertThat(due.kind()).isEqualTo(kind);
    assertThat(due.charge()).isEqualTo(Won.of(charge));
    assertThat(due.due()).isEqualTo(Won.of(price - balance));
  }

  @Test
  void aFreePlanIsNeverChargedAndKeepsItsCredit() {
    assertThat(AmountDue.of(Won.ZERO, Won.ZERO))
        .isEqualTo(new AmountDue(Kind.FREE_PERIOD, Won.ZERO, Won.ZERO));
    assertThat(AmountDue.of(Won.ZERO, Won.of(500)))
        .isEqualTo(new AmountDue(Kind.FREE_PERIOD, Won.ZERO, Won.of(-500)));
    assertThat(AmountDue.balanceAfter(Won.of(500), Won.ZERO, Won.ZERO)).isEqualTo(Won.of(500));
  }

  @Test
  void aFreePeriodKeepsASmallCarriedAmountForLater() {
    assertThat(AmountDue.of(Won.ZERO, Won.of(-60)))
        .isEqualTo(new AmountDue(Kind.FREE_PERIOD, Won.ZERO, Won.of(60)));
    assertThat(AmountDue.balanceAfter(Won.of(-60), Won.ZERO, Won.ZERO)).isEqualTo(Won.of(-60));
  }

  @Test
  void tossesMinimumIs100Won() {
    assertThat(AmountDue.TOSS_MINIMUM_CHARGE).isEqualTo(Won.of(100));
  }
}
