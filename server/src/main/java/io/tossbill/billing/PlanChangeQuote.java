package io.tossbill.billing;

import io.tossbill.catalog.Plan;
import io.tossbill.platform.ApiException;
import io.tossbill.platform.Won;
import java.time.Instant;
import java.time.LocalDate;

/**
 * What changing plan does, a pure function written once for the preview and the change itself: a
 * trial switches now for nothing; a downgrade or another interval waits for the period end; an
 * upgrade is charged now the prorated difference of the days left ({@link Proration}), or, when
 * that is below Toss's minimum, switches now and carries the difference to the next invoice. The
 * difference is between the two plans' prices after the subscription's discount for the current
 * period ({@link Discount#off}): what the subscriber paid for the days left, and what they would
 * pay on the new plan.
 */
final class PlanChangeQuote {

  private PlanChangeQuote() {}

  static ChangePreview quote(Subscription.State s, Plan plan, Instant now) {
    PlanSnapshot target = PlanSnapshot.of(plan);
    if (target.planId().equals(s.plan().planId()) && target.price().equals(s.plan().price())) {
      throw ApiException.conflict("SAME_PLAN", "api.SAME_PLAN");
    }
    if (!plan.isActive()) {
      throw ApiException.conflict("PLAN_NOT_ACTIVE", "api.PLAN_NOT_ACTIVE", plan.code());
    }
    LocalDate today = BillingCalendar.businessDate(now);
    long days = s.period().days();
    long daysLeft = s.period().daysLeft(today);
    if (s.status() == SubscriptionStatus.TRIALING) {
      return preview("SWITCH_NOW", s, target, Won.ZERO, Won.ZERO, daysLeft, days, today);
    }
    if (s.status() != SubscriptionStatus.ACTIVE) {
      throw SubscriptionStatus.illegal(s.status(), "change plan");
    }
    if (!target.interval().equals(s.plan().interval())
        || target.price().compareTo(s.plan().price()) < 0) {
      return preview("SCHEDULED", s, target, Won.ZERO, Won.ZERO, daysLeft, days, s.periodEnd());
    }
    if (!s.periodPaid()) {
      throw ApiException.conflict("CHARGE_IN_FLIGHT", "api.CHARGE_IN_FLIGHT.3");
    }
    Won oldNet = s.plan().price().minus(s.discountOn(s.plan(), s.periodNo()));
    Won newNet = target.price().minus(s.discountOn(target, s.periodNo()));
    Won net = Proration.netChange(oldNet, newNet, s.period(), daysLeft);
    // what the discount takes off the list prices' proration (never shown as a surcharge)
    Won listNet = Proration.netChange(s.plan().price(), target.price(), s.period(), daysLeft);
    Won discount = listNet.minus(net).max(Won.ZERO);
    if (net.compareTo(AmountDue.TOSS_MINIMUM_CHARGE) >= 0) {
      return preview("UPGRADE_NOW", s, target, net, Won.ZERO, daysLeft, days, today)
          .withDiscount(discount);
    }
    return preview(
            net.isPositive() ? "UPGRADE_NOW" : "SWITCH_NOW",
            s,
            target,
            Won.ZERO,
            net.max(Won.ZERO),
            daysLeft,
            days,
            today)
        .withDiscount(net.isPositive() ? discount : Won.ZERO);
  }

  private static ChangePreview preview(
      String kind,
      Subscription.State s,
      PlanSnapshot target,
      Won dueNow,
      Won carried,
      long daysLeft,
      long days,
      LocalDate effectiveOn) {
    return new ChangePreview(
        kind,
        target.planId().value(),
        target.name(),
        s.plan().price(),
        target.price(),
        dueNow,
        carried,
        daysLeft,
        days,
        effectiveOn);
  }
}
