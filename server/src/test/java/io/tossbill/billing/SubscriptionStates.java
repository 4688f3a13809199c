package io.tossbill.billing;

import io.tossbill.catalog.BillingInterval;
import io.tossbill.catalog.PlanId;
import io.tossbill.customer.CustomerId;
import io.tossbill.platform.Won;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import org.jspecify.annotations.Nullable;

/**
 * Subscription states for the pure rules' tests, as the database would hold them. By default: an
 * ACTIVE subscription to Basic (10,000 won a month) whose period 2031-01-15 → 2031-02-15 (31 days)
 * is paid, charged at 09:00 Seoul, so that period is renewed at 2031-02-15T00:00:00Z.
 */
final class SubscriptionStates {

  static final PlanSnapshot BASIC =
      new PlanSnapshot(new PlanId(1), "Basic", Won.of(10_000), BillingInterval.monthly(), false);
  static final PlanSnapshot PRO =
      new PlanSnapshot(new PlanId(2), "Pro", Won.of(30_000), BillingInterval.monthly(), false);
  static final PlanSnapshot LITE =
      new PlanSnapshot(new PlanId(3), "Lite", Won.of(5_000), BillingInterval.monthly(), false);

  /** The default period's end at the default charge time: 2031-02-15 09:00 Seoul. */
  static final Instant PERIOD_END = Instant.parse("2031-02-15T00:00:00Z");

  private PlanSnapshot plan = BASIC;
  private SubscriptionStatus status = SubscriptionStatus.ACTIVE;
  private LocalTime chargeTime = LocalTime.of(9, 0);
  private int periodNo = 1;
  private int paidPeriodNo = 1;
  private LocalDate periodStart = LocalDate.of(2031, 1, 15);
  private LocalDate periodEnd = LocalDate.of(2031, 2, 15);
  private @Nullable LocalDate trialEnd;
  private boolean cancelAtPeriodEnd;
  private @Nullable PlanSnapshot pendingPlan;
  private Won balance = Won.ZERO;
  private boolean awaitingCard;
  private @Nullable Discount discount;

  private SubscriptionStates() {}

  static SubscriptionStates active() {
    return new SubscriptionStates();
  }

  /** A 14-day trial of Basic from 2031-01-01: the trial period 01-01 → 01-15 (period 0). */
  static SubscriptionStates trialing() {
    SubscriptionStates s = new SubscriptionStates().status(SubscriptionStatus.TRIALING);
    s.periodNo = 0;
    s.paidPeriodNo = 0;
    s.periodStart = LocalDate.of(2031, 1, 1);
    s.periodEnd = LocalDate.of(2031, 1, 15);
    s.trialEnd = s.periodEnd;
    return s;
  }

  SubscriptionStates status(SubscriptionStatus value) {
    this.status = value;
    return this;
  }

  SubscriptionStates plan(PlanSnapshot value) {
    this.plan = value;
    return this;
  }

  /** The current period is started but not paid (a renewal or retry still to be charged). */
  SubscriptionStates unpaid() {
    this.paidPeriodNo = periodNo - 1;
    return this;
  }

  SubscriptionStates period(LocalDate start, LocalDate end) {
    this.periodStart = start;
    this.periodEnd = end;
    return this;
  }

  SubscriptionStates chargeTime(LocalTime value) {
    this.chargeTime = value;
    return this;
  }

  SubscriptionStates cancelAtPeriodEnd() {
    this.cancelAtPeriodEnd = true;
    return this;
  }

  SubscriptionStates pendingPlan(PlanSnapshot value) {
    this.pendingPlan = value;
    return this;
  }

  /** An operator's price change of the subscription's own plan, waiting for the period end. */
  SubscriptionStates pendingPrice(long won) {
    return pendingPlan(plan.at(Won.of(won)));
  }

  SubscriptionStates balance(long won) {
    this.balance = Won.of(won);
    return this;
  }

  SubscriptionStates awaitingCard() {
    this.awaitingCard = true;
    return this;
  }

  SubscriptionStates discount(Discount value) {
    this.discount = value;
    return this;
  }

  SubscriptionStates periodNo(int value) {
    this.paidPeriodNo = paidPeriodNo == periodNo ? value : value - 1;
    this.periodNo = value;
    return this;
  }

  Subscription.State build() {
    return new Subscription.State(
        42,
        new CustomerId(7),
        plan,
        status,
        periodStart,
        periodStart.getDayOfMonth(),
        0,
        chargeTime,
        false,
        periodNo,
        paidPeriodNo,
        periodStart,
        periodEnd,
        trialEnd,
        cancelAtPeriodEnd,
        pendingPlan,
        null,
        balance,
        awaitingCard,
        BillingCalendar.chargeInstant(periodEnd, chargeTime),
        Duration.ZERO,
        Instant.parse("2030-12-15T00:00:00Z"),
        null,
        null,
        1,
        discount);
  }
}
