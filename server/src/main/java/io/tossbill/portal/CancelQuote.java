package io.tossbill.portal;

import io.tossbill.billing.BillingCalendar;
import io.tossbill.billing.BillingPeriod;
import io.tossbill.billing.Proration;
import io.tossbill.billing.SubscriptionStatus;
import io.tossbill.billing.SubscriptionView;
import io.tossbill.customer.CustomerId;
import io.tossbill.payment.ChargePurpose;
import io.tossbill.payment.PaymentStatus;
import io.tossbill.payment.PaymentView;
import io.tossbill.platform.Won;
import io.tossbill.testclock.TestClock;
import java.time.LocalDate;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * What cancelling now gives back, as the billing engine refunds it: each charge paid for the
 * current period returns its unused whole days (the period charge over the whole period, an upgrade
 * charge from its day), half-up to the won, never more than is left of it.
 */
@Component
class CancelQuote {

  /**
   * @param refund won returned by a cancel now
   * @param daysLeft whole days left in the current period
   * @param periodDays whole days of the current period
   */
  record Quote(Won refund, long daysLeft, long periodDays, LocalDate today) {}

  private final TestClock clock;

  CancelQuote(TestClock clock) {
    this.clock = clock;
  }

  Quote of(SubscriptionView s, List<PaymentView> payments) {
    LocalDate today = BillingCalendar.businessDate(clock.now(new CustomerId(s.customerId())));
    BillingPeriod period = new BillingPeriod(s.currentPeriodStart(), s.currentPeriodEnd());
    long daysLeft = period.daysLeft(today);
    if (s.periodNo() < 1 || s.status().isFinal() || s.status() == SubscriptionStatus.INCOMPLETE) {
      return new Quote(Won.ZERO, daysLeft, period.days(), today);
    }
    Won refund = Won.ZERO;
    for (PaymentView paid : payments) {
      if (paid.status() != PaymentStatus.APPROVED || paid.periodNo() != s.periodNo()) {
        continue;
      }
      long covered =
          paid.purpose() == ChargePurpose.PERIOD
              ? period.days()
              : period.daysLeft(BillingCalendar.businessDate(paid.requestedAt()));
      if (covered <= 0) {
        continue;
      }
      Won prorated = Proration.prorate(paid.amount(), Math.min(daysLeft, covered), covered);
      Won left = paid.amount().minus(paid.refundedAmount());
      refund = refund.plus(prorated.min(left).max(Won.ZERO));
    }
    return new Quote(refund, daysLeft, period.days(), today);
  }
}
