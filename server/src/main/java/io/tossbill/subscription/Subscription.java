package io.tossbill.subscription;

import io.tossbill.billing.BillingCalendar;
import io.tossbill.billing.BillingPeriod;
import io.tossbill.catalog.BillingInterval;
import io.tossbill.catalog.IntervalUnit;
import io.tossbill.catalog.Plan;
import io.tossbill.catalog.PlanId;
import io.tossbill.customer.CustomerId;
import io.tossbill.platform.Won;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A subscription as the billing engine changes it: every change goes through a guarded method that
 * refuses illegal transitions and records a history entry, saved with the row.
 */
final class Subscription {

  /** A plan snapshot waiting for the period end. */
  record PendingPlan(
      PlanId planId, String name, Won price, BillingInterval interval, boolean accessDuringGrace) {}

  /** A history entry not yet written. */
  record Change(
      Instant at,
      String kind,
      @Nullable SubscriptionStatus from,
      SubscriptionStatus to,
      int periodNo,
      String detail) {}

  final long id;
  final CustomerId customerId;
  PlanId planId;
  String planName;
  Won price;
  BillingInterval interval;
  boolean accessDuringGrace;
  SubscriptionStatus status;
  LocalDate anchorDate;

  /** The anchor's day of month, kept when the anchor moves to a clamped period end (no drift). */
  int anchorDay;

  /**
   * The charge time: this subscription's override, or {@code tossbill.billing.charge-time} when
   * loaded.
   */
  final LocalTime chargeTime;

  /**
   * Whether {@link #chargeTime} is a per-subscription override (stored) rather than the setting.
   */
  final boolean chargeTimeOverridden;

  int anchorIndex;
  int periodNo;
  int paidPeriodNo;
  LocalDate periodStart;
  LocalDate periodEnd;
  @Nullable LocalDate trialEnd;
  boolean cancelAtPeriodEnd;
  @Nullable PendingPlan pendingPlan;
  Won balance;
  boolean awaitingCard;
  @Nullable Instant nextActionAt;
  final Instant createdAt;
  @Nullable Instant canceledAt;
  @Nullable Instant endedAt;
  final long version;
  final List<Change> changes = new ArrayList<>();

  Subscription(
      long id,
      CustomerId customerId,
      PlanId planId,
      String planName,
      Won price,
      BillingInterval interval,
      boolean accessDuringGrace,
      SubscriptionStatus status,
      LocalDate anchorDate,
      int anchorDay,
      LocalTime chargeTime,
      boolean chargeTimeOverridden,
      int anchorIndex,
      int periodNo,
      int paidPeriodNo,
      LocalDate periodStart,
      LocalDate periodEnd,
      @Nullable LocalDate trialEnd,
      boolean cancelAtPeriodEnd,
      @Nullable PendingPlan pendingPlan,
      Won balance,
      boolean awaitingCard,
      @Nullable Instant nextActionAt,
      Instant createdAt,
      @Nullable Instant canceledAt,
      @Nullable Instant endedAt,
      long version) {
    this.id = id;
    this.customerId = customerId;
    this.planId = planId;
    this.planName = planName;
    this.price = price;
    this.interval = interval;
    this.accessDuringGrace = accessDuringGrace;
    this.status = status;
    this.anchorDate = anchorDate;
    this.anchorDay = anchorDay;
    this.chargeTime = chargeTime;
    this.chargeTimeOverridden = chargeTimeOverridden;
    this.anchorIndex = anchorIndex;
    this.periodNo = periodNo;
    this.paidPeriodNo = paidPeriodNo;
    this.periodStart = periodStart;
    this.periodEnd = periodEnd;
    this.trialEnd = trialEnd;
    this.cancelAtPeriodEnd = cancelAtPeriodEnd;
    this.pendingPlan = pendingPlan;
    this.balance = balance;
    this.awaitingCard = awaitingCard;
    this.nextActionAt = nextActionAt;
    this.createdAt = createdAt;
    this.canceledAt = canceledAt;
    this.endedAt = endedAt;
    this.version = version;
  }

  /**
   * A new subscription to {@code plan} starting on {@code today}: trialing, free, or waiting for
   * its first charge.
   */
  static Subscription start(CustomerId customerId, Plan plan, Instant now, LocalTime chargeTime) {
    LocalDate today = BillingCalendar.businessDate(now);
    boolean trial = plan.trialDays() > 0 && !plan.isFree();
    LocalDate anchor = trial ? today.plusDays(plan.trialDays()) : today;
    BillingPeriod first =
        trial
            ? new BillingPeriod(today, anchor)
            : BillingCalendar.period(anchor, plan.interval(), 0);
    SubscriptionStatus status =
        trial
            ? SubscriptionStatus.TRIALING
            : plan.isFree() ? SubscriptionStatus.ACTIVE : SubscriptionStatus.INCOMPLETE;
    int periodNo = trial ? 0 : 1;
    Subscription s =
        new Subscription(
            0,
            customerId,
            plan.id(),
            plan.name(),
            plan.price(),
            plan.interval(),
            plan.accessDuringGrace(),
            status,
            anchor,
            anchor.getDayOfMonth(),
            chargeTime,
            false,
            0,
            periodNo,
            plan.isFree() ? 1 : 0,
            first.start(),
            first.end(),
            trial ? anchor : null,
            false,
            null,
            Won.ZERO,
            false,
            null,
            now,
            null,
            null,
            0);
    s.nextActionAt = status == SubscriptionStatus.INCOMPLETE ? null : s.periodEndInstant();
    s.changes.add(
        new Change(
            now,
            "CREATED",
            null,
            status,
            periodNo,
            plan.name()
                + " "
                + plan.price().value()
                + "원"
                + (trial ? ", 무료 체험 " + plan.trialDays() + "일" : "")));
    return s;
  }

  SubscriptionId subscriptionId() {
    return new SubscriptionId(id);
  }

  BillingPeriod period() {
    return new BillingPeriod(periodStart, periodEnd);
  }

  boolean periodPaid() {
    return paidPeriodNo == periodNo;
  }

  Instant periodEndInstant() {
    return BillingCalendar.chargeInstant(periodEnd, chargeTime);
  }

  Instant chargeInstant(LocalDate date) {
    return BillingCalendar.chargeInstant(date, chargeTime);
  }

  /**
   * What the next period charge asks for: the price (pending one if it applies then) less any
   * credit.
   */
  Won nextPeriodPrice() {
    return pendingPlan != null ? pendingPlan.price() : price;
  }

  void moveTo(SubscriptionStatus target, Instant now, String kind, String detail) {
    status.requireMoveTo(target);
    changes.add(new Change(now, kind, status, target, periodNo, detail));
    status = target;
  }

  void note(Instant now, String kind, String detail) {
    changes.add(new Change(now, kind, status, status, periodNo, detail));
  }

  /** Ends the current period and starts the next one, applying a pending plan first. */
  void startNextPeriod(Instant now) {
    applyPendingPlan(now);
    boolean fromTrial = periodNo == 0;
    anchorIndex = fromTrial ? 0 : anchorIndex + 1;
    BillingPeriod next = BillingCalendar.period(anchorDate, anchorDay, interval, anchorIndex);
    periodNo++;
    periodStart = next.start();
    periodEnd = next.end();
  }

  /**
   * Applies the plan change waiting for the period end, if any. Another interval re-anchors on the
   * period end, keeping the anchor's day of month (a weekly side takes the period end's day).
   */
  void applyPendingPlan(Instant now) {
    if (pendingPlan == null) {
      return;
    }
    PendingPlan next = pendingPlan;
    boolean newInterval = !next.interval().equals(interval);
    note(
        now,
        "PLAN_CHANGED",
        planName
            + " → "
            + next.name()
            + ", "
            + price.value()
            + "원 → "
            + next.price().value()
            + "원");
    planId = next.planId();
    planName = next.name();
    price = next.price();
    accessDuringGrace = next.accessDuringGrace();
    if (newInterval) {
      if (interval.unit() == IntervalUnit.WEEK || next.interval().unit() == IntervalUnit.WEEK) {
        anchorDay = periodEnd.getDayOfMonth();
      }
      anchorDate = periodEnd;
      anchorIndex = -1;
    }
    interval = next.interval();
    pendingPlan = null;
  }

  /** Starts a fresh period anchored today (resume after the paid period is over). */
  void reanchor(LocalDate today) {
    anchorDate = today;
    anchorDay = today.getDayOfMonth();
    anchorIndex = 0;
    BillingPeriod next = BillingCalendar.period(anchorDate, anchorDay, interval, 0);
    periodNo++;
    periodStart = next.start();
    periodEnd = next.end();
  }

  /** The current period is paid. */
  void markPaid(Won charged) {
    balance = balance.plus(charged).minus(price);
    paidPeriodNo = periodNo;
    awaitingCard = false;
    nextActionAt = periodEndInstant();
  }

  /** Whether the subscriber may use the product now. */
  boolean hasAccess() {
    return switch (status) {
      case ACTIVE, TRIALING -> true;
      case PAST_DUE -> accessDuringGrace;
      default -> false;
    };
  }

  static BillingInterval interval(String unit, int count) {
    return new BillingInterval(IntervalUnit.valueOf(unit), count);
  }
}
