package io.tossbill.portal;

import io.tossbill.billing.BillingCalendar;
import io.tossbill.billing.BillingPeriod;
import io.tossbill.billing.BillingProperties;
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
 * the charge time; a free plan never charges.
 */
@Component
class SubscribeQuote {

  /**
   * @param dueNow charged at once when subscribing
   * @param vatNow the VAT inside {@code dueNow}, as Toss computes it (a tenth of the supply value)
   * @param nextChargeAt when the next charge happens; null for a free plan
   * @param nextAmount what it charges
   * @param periodEnd the end of the first period (or of the trial)
   */
  record Quote(
      Won dueNow,
      Won vatNow,
      @Nullable Instant nextChargeAt,
      Won nextAmount,
      LocalDate periodStart,
      LocalDate periodEnd,
      int trialDays) {

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
    LocalDate today = BillingCalendar.businessDate(clock.now(customerId));
    if (plan.isFree()) {
      BillingPeriod first = BillingCalendar.period(today, plan.interval(), 0);
      return new Quote(Won.ZERO, Won.ZERO, null, Won.ZERO, first.start(), first.end(), 0);
    }
    if (plan.trialDays() > 0) {
      LocalDate trialEnd = today.plusDays(plan.trialDays());
      return new Quote(
          Won.ZERO,
          Won.ZERO,
          BillingCalendar.chargeInstant(trialEnd, billing.chargeTime()),
          plan.price(),
          today,
          trialEnd,
          plan.trialDays());
    }
    BillingPeriod first = BillingCalendar.period(today, plan.interval(), 0);
    return new Quote(
        plan.price(),
        Proration.vatOf(plan.price()),
        BillingCalendar.chargeInstant(first.end(), billing.chargeTime()),
        plan.price(),
        first.start(),
        first.end(),
        0);
  }
}
