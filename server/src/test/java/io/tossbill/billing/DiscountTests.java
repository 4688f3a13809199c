package io.tossbill.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tossbill.billing.AmountDue.Kind;
import io.tossbill.catalog.PlanId;
import io.tossbill.platform.Won;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * docs/billing.md, Discounts: a percent discount is rounded down to the won (the subscriber pays
 * the rest, a whole number of won); a fixed discount is at most the price, never a negative amount;
 * the discount comes off the price before credit or a carried balance; a period the discount pays
 * in full is paid without a charge and keeps the credit.
 */
class DiscountTests {

  private static final PlanId BASIC = new PlanId(1);
  private static final PlanId PRO = new PlanId(2);

  private static Discount percent(int percent, @Nullable Integer lastPeriod, PlanId... plans) {
    return new Discount(1, null, "SPRING", percent, Won.ZERO, 1, lastPeriod, Set.of(plans));
  }

  private static Discount fixed(long won, @Nullable Integer lastPeriod) {
    return new Discount(1, 7L, "WELCOME", 0, Won.of(won), 1, lastPeriod, Set.of());
  }

  @ParameterizedTest(name = "{1}% of {0} won: {2} won off, {3} charged ({4})")
  @CsvSource({
    // price, percent, discount, charged, kind
    "10000, 33, 3300, 6700, CHARGE",
    "9999, 33, 3299, 6700, CHARGE", // 3,299.67 rounds down: the subscriber pays 6,700, not 6,699.33
    "9995, 10, 999, 8996, CHARGE", // 999.5 rounds down, not half-up
    "9900, 15, 1485, 8415, CHARGE",
    "10000, 1, 100, 9900, CHARGE",
    "199, 50, 99, 100, CHARGE", // 99.5 off: exactly Toss's minimum is left, and charged
    "10000, 99, 9900, 100, CHARGE",
    "10000, 100, 10000, 0, PAID_BY_DISCOUNT",
    "1, 50, 0, 0, CARRIED_TO_NEXT_INVOICE", // half a won is no won: 1 won is still due
    "1, 99, 0, 0, CARRIED_TO_NEXT_INVOICE",
    "1, 100, 1, 0, PAID_BY_DISCOUNT",
    "150, 50, 75, 0, CARRIED_TO_NEXT_INVOICE" // 75 won left: below Toss's minimum, carried
  })
  void aPercentDiscountIsRoundedDownToTheWon(
      long price, int percent, long discount, long charged, Kind kind) {
    Won off = percent(percent, null).off(Won.of(price), BASIC, 1);
    assertThat(off).isEqualTo(Won.of(discount));
    AmountDue due = AmountDue.of(Won.of(price), off, Won.ZERO);
    assertThat(due.kind()).isEqualTo(kind);
    assertThat(due.charge()).isEqualTo(Won.of(charged));
    assertThat(due.discount()).isEqualTo(Won.of(discount));
    // whatever is charged or carried, price = discount + what the subscriber owes, to the won
    assertThat(due.due().plus(due.discount())).isEqualTo(Won.of(price));
  }

  @ParameterizedTest(name = "{1} won off {0} won: {2} won off, {3} charged ({4})")
  @CsvSource({
    "10000, 3000, 3000, 7000, CHARGE",
    "10000, 9900, 9900, 100, CHARGE",
    "10000, 9950, 9950, 0, CARRIED_TO_NEXT_INVOICE",
    "10000, 10000, 10000, 0, PAID_BY_DISCOUNT",
    "10000, 15000, 10000, 0, PAID_BY_DISCOUNT", // never more than the price
    "1, 1000000, 1, 0, PAID_BY_DISCOUNT"
  })
  void aFixedDiscountNeverTakesMoreThanThePrice(
      long price, long amountOff, long discount, long charged, Kind kind) {
    Won off = fixed(amountOff, null).off(Won.of(price), BASIC, 1);
    assertThat(off).isEqualTo(Won.of(discount));
    AmountDue due = AmountDue.of(Won.of(price), off, Won.ZERO);
    assertThat(due.kind()).isEqualTo(kind);
    assertThat(due.charge()).isEqualTo(Won.of(charged));
    assertThat(due.due().isNegative()).isFalse();
  }

  @Test
  void theDiscountComesOffThePriceBeforeCredit() {
    // 10,000 − 20% = 8,000, then 3,000 credit: 5,000 charged, the credit used up
    Won off = percent(20, null).off(Won.of(10_000), BASIC, 1);
    AmountDue due = AmountDue.of(Won.of(10_000), off, Won.of(3_000));
    assertThat(due).isEqualTo(new AmountDue(Kind.CHARGE, Won.of(5_000), Won.of(5_000), off));
    assertThat(AmountDue.balanceAfter(Won.of(3_000), Won.of(8_000), due.charge()))
        .isEqualTo(Won.ZERO);
  }

  @Test
  void aCarriedBalanceIsChargedWithTheDiscountedPrice() {
    AmountDue due = AmountDue.of(Won.of(10_000), Won.of(3_300), Won.of(-68));
    assertThat(due.charge()).isEqualTo(Won.of(6_768));
  }

  @Test
  void aPeriodTheDiscountPaysInFullKeepsTheCreditAndTheCarriedBalance() {
    AmountDue withCredit = AmountDue.of(Won.of(10_000), Won.of(10_000), Won.of(500));
    assertThat(withCredit)
        .isEqualTo(new AmountDue(Kind.PAID_BY_DISCOUNT, Won.ZERO, Won.of(-500), Won.of(10_000)));
    assertThat(AmountDue.balanceAfter(Won.of(500), Won.ZERO, Won.ZERO)).isEqualTo(Won.of(500));
    // 60 won carried from before is not forgiven by the discount: still carried
    AmountDue withCarried = AmountDue.of(Won.of(10_000), Won.of(10_000), Won.of(-60));
    assertThat(withCarried.kind()).isEqualTo(Kind.CARRIED_TO_NEXT_INVOICE);
    assertThat(AmountDue.balanceAfter(Won.of(-60), Won.ZERO, Won.ZERO)).isEqualTo(Won.of(-60));
  }

  @Test
  void aFreePlanStaysFreeWithADiscount() {
    assertThat(percent(50, null).off(Won.ZERO, BASIC, 1)).isEqualTo(Won.ZERO);
    assertThat(AmountDue.of(Won.ZERO, Won.ZERO, Won.ZERO).kind()).isEqualTo(Kind.FREE_PERIOD);
  }

  @Test
  void aDiscountCoversOnlyItsPeriods() {
    Discount threePeriods = percent(10, 3);
    assertThat(threePeriods.off(Won.of(10_000), BASIC, 1)).isEqualTo(Won.of(1_000));
    assertThat(threePeriods.off(Won.of(10_000), BASIC, 3)).isEqualTo(Won.of(1_000));
    assertThat(threePeriods.off(Won.of(10_000), BASIC, 4)).isEqualTo(Won.ZERO);
    assertThat(threePeriods.endedBy(3)).isFalse();
    assertThat(threePeriods.endedBy(4)).isTrue();
    Discount forever = percent(10, null);
    assertThat(forever.off(Won.of(10_000), BASIC, 1_000)).isEqualTo(Won.of(1_000));
    assertThat(forever.endedBy(1_000)).isFalse();
  }

  @Test
  void termsAppliedLaterCountTheirPeriodsFromTheFirstOneDiscounted() {
    DiscountTerms once = new DiscountTerms(1, null, "ONCE", "한 번", 50, Won.ZERO, 1, Set.of());
    Discount fromFive = once.from(5);
    assertThat(fromFive.firstPeriod()).isEqualTo(5);
    assertThat(fromFive.lastPeriod()).isEqualTo(5);
    assertThat(fromFive.off(Won.of(10_000), BASIC, 4)).isEqualTo(Won.ZERO);
    assertThat(fromFive.off(Won.of(10_000), BASIC, 5)).isEqualTo(Won.of(5_000));
    assertThat(fromFive.off(Won.of(10_000), BASIC, 6)).isEqualTo(Won.ZERO);
  }

  @Test
  void aDiscountForSomePlansTakesNothingOffAnother() {
    Discount basicOnly = percent(50, null, BASIC);
    assertThat(basicOnly.off(Won.of(10_000), BASIC, 1)).isEqualTo(Won.of(5_000));
    assertThat(basicOnly.off(Won.of(30_000), PRO, 1)).isEqualTo(Won.ZERO);
  }

  @Test
  void aDiscountIsAPercentOrAnAmountAndNeverMoreThanThePrice() {
    assertThatThrownBy(() -> new Discount(1, null, "X", 10, Won.of(100), 1, null, Set.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Discount(1, null, "X", 0, Won.ZERO, 1, null, Set.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Discount(1, null, "X", 101, Won.ZERO, 1, null, Set.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Discount(1, null, "X", 10, Won.ZERO, 3, 2, Set.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> AmountDue.of(Won.of(100), Won.of(101), Won.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> AmountDue.of(Won.of(100), Won.of(-1), Won.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
