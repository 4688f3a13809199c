package io.tossbill.portal;

import io.tossbill.billing.AmountDue;
import io.tossbill.billing.BillingCalendar;
import io.tossbill.billing.BillingPeriod;
import io.tossbill.billing.BillingProperties;
import io.tossbill.billing.Discount;
import io.tossbill.billing.DiscountTerms;
import io.tossbill.billing.Proration;
import io.tossbill.catalog.Plan;
import io.tossbill.customer.CustomerId;
import io.tossbill.platform.Won;
import io.tossbill.testclock.TestClock;
import java.time.Instant;
import java.time.LocalDate;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * What subscribing charges, as the billing engine will charge it: a paid plan without trial is
 * charged its price now and again at the end of its first period (anchored on today, Asia/Seoul, in
 * the customer's test clock); a trial charges nothing now and the price on the trial's last day at
 * the charge time; a free plan never charges. A discount is taken off each period it covers through
 * the engine's own {@link AmountDue} (what is left below Toss's minimum is carried to the next).
 */
@Component
class SubscribeQuote {

  /**
   * @param dueNow charged at once when subscribing
   * @param vatNow the VAT inside {@code dueNow}, as Toss computes it (a tenth of the supply value)
   * @param nextChargeAt when the next charge happens; null for a free plan
   * @param nextAmount what it charges
   * @param periodEnd the end of the first period (or of the trial)
   * @param discount the discount applied, if a code was given
   * @param discountNow the won it takes off what is due now (the first period's price)
   * @param discountNext the won it takes off the next charge
   */
  record Quote(
      Won dueNow,
      Won vatNow,
      @Nullable Instant nextChargeAt,
      Won nextAmount,
      LocalDate periodStart,
      LocalDate periodEnd,
      int trialDays,
      @Nullable DiscountTerms discount,
      Won discountNow,
      Won discountNext) {

    public boolean trial() {
      return trialDays > 0;
    }
  }

  private final TestClock clock;
  private final BillingProperties billing;

  SubscribeQuote(TestClock clock, BillingProperties billing) {
    this.clock = clock;
    this.billing = billing;
  }

  Quote of(CustomerId customerId, Plan plan) {
    return of(customerId, plan, null);
  }

  Quote of(CustomerId customerId, Plan plan, @Nullable DiscountTerms terms) {
    LocalDate today = BillingCalendar.businessDate(clock.now(customerId));
    if (plan.isFree()) {
      BillingPeriod first = BillingCalendar.period(today, plan.interval(), 0);
      return new Quote(
          Won.ZERO,
          Won.ZERO,
          null,
          Won.ZERO,
          first.start(),
          first.end(),
          0,
          null,
          Won.ZERO,
          Won.ZERO);
    }
    Discount discount = terms == null ? null : terms.from(1);
    if (plan.trialDays() > 0) {
      LocalDate trialEnd = today.plusDays(plan.trialDays());
      AmountDue first = due(plan, discount, 1, Won.ZERO);
      return new Quote(
          Won.ZERO,
          Won.ZERO,
          BillingCalendar.chargeInstant(trialEnd, billing.chargeTime()),
          first.charge(),
          today,
          trialEnd,
          plan.trialDays(),
          terms,
          Won.ZERO,
          first.discount());
    }
    BillingPeriod first = BillingCalendar.period(today, plan.interval(), 0);
    AmountDue now = due(plan, discount, 1, Won.ZERO);
    Won balance =
        AmountDue.balanceAfter(Won.ZERO, plan.price().minus(now.discount()), now.charge());
    AmountDue next = due(plan, discount, 2, balance);
    return new Quote(
        now.charge(),
        Proration.vatOf(now.charge()),
        BillingCalendar.chargeInstant(first.end(), billing.chargeTime()),
        next.charge(),
        first.start(),
        first.end(),
        0,
        terms,
        now.discount(),
        next.discount());
  }

  private static AmountDue due(Plan plan, @Nullable Discount discount, int periodNo, Won balance) {
    Won off = discount == null ? Won.ZERO : discount.off(plan.price(), plan.id(), periodNo);
    return AmountDue.of(plan.price(), off, balance);
  }
}
