package io.tossbill.billing;

import io.tossbill.catalog.IntervalUnit;
import io.tossbill.customer.CustomerId;
import io.tossbill.payment.ChargePurpose;
import io.tossbill.platform.ApiException;
import io.tossbill.platform.Won;
import io.tossbill.toss.DeclineKind;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A subscription: its plan as sold, its status, its periods counted from the anchor, and what it
 * owes. Its state is private; every change is a named method that checks the move is legal, applies
 * it, appends a history line, and returns the events to publish. Times are the customer's (their
 * test clock included); {@link State#dueAt()} is when the renewal looks at it in server time.
 */
final class Subscription {

  /** A history line not yet written. */
  record Change(
      Instant at,
      SubscriptionStep kind,
      @Nullable SubscriptionStatus from,
      SubscriptionStatus to,
      int periodNo,
      String detail) {}

  /** The subscription's state as stored, read-only: what the pure rules decide on. */
  record State(
      long id,
      CustomerId customerId,
      PlanSnapshot plan,
      SubscriptionStatus status,
      LocalDate anchorDate,
      int anchorDay,
      int anchorIndex,
      LocalTime chargeTime,
      boolean chargeTimeOverridden,
      int periodNo,
      int paidPeriodNo,
      LocalDate periodStart,
      LocalDate periodEnd,
      @Nullable LocalDate trialEnd,
      boolean cancelAtPeriodEnd,
      @Nullable PlanSnapshot pendingPlan,
      @Nullable PlanSnapshot upgrade,
      Won balance,
      boolean awaitingCard,
      @Nullable Instant nextActionAt,
      Duration clockOffset,
      Instant createdAt,
      @Nullable Instant canceledAt,
      @Nullable Instant endedAt,
      long version,
      @Nullable Discount discount) {

    BillingPeriod period() {
      return new BillingPeriod(periodStart, periodEnd);
    }

    boolean periodPaid() {
      return paidPeriodNo == periodNo;
    }

    Instant periodEndInstant() {
      return BillingCalendar.chargeInstant(periodEnd, chargeTime);
    }

    /** The price the next period charges: the pending plan's when one takes over then. */
    Won nextPeriodPrice() {
      return nextPlan().price();
    }

    /** The plan the next period is on: the pending plan when one takes over then. */
    PlanSnapshot nextPlan() {
      return pendingPlan != null ? pendingPlan : plan;
    }

    /** The won the subscription's discount takes off period {@code periodNo} on {@code on}. */
    Won discountOn(PlanSnapshot on, int periodNo) {
      return discount == null ? Won.ZERO : discount.off(on.price(), on.planId(), periodNo);
    }

    /**
     * What period {@code periodNo} on {@code on} asks for: its price less the discount, less the
     * credit or plus what was carried ({@link AmountDue}).
     */
    AmountDue dueOf(PlanSnapshot on, int periodNo) {
      return AmountDue.of(on.price(), discountOn(on, periodNo), balance);
    }

    /** What the current period asks for. */
    AmountDue currentDue() {
      return dueOf(plan, periodNo);
    }

    /** When the renewal looks at it, in server time (its next action less the clock offset). */
    @Nullable Instant dueAt() {
      return nextActionAt == null ? null : nextActionAt.minus(clockOffset);
    }

    /** Whether the subscriber may use the product now. */
    boolean hasAccess() {
      return switch (status) {
        case ACTIVE, TRIALING -> true;
        case PAST_DUE -> plan.accessDuringGrace();
        default -> false;
      };
    }
  }

  /** What a renewal did: the events, and the amount to charge now, if any. */
  record Renewed(List<SubscriptionEvent> events, Optional<Won> charge) {}

  private long id;
  private final CustomerId customerId;
  private PlanSnapshot plan;
  private SubscriptionStatus status;
  private LocalDate anchorDate;
  private int anchorDay;
  private int anchorIndex;
  private final LocalTime chargeTime;
  private final boolean chargeTimeOverridden;
  private int periodNo;
  private int paidPeriodNo;
  private LocalDate periodStart;
  private LocalDate periodEnd;
  private @Nullable LocalDate trialEnd;
  private boolean cancelAtPeriodEnd;
  private @Nullable PlanSnapshot pendingPlan;
  private @Nullable PlanSnapshot upgrade;
  private Won balance;
  private boolean awaitingCard;
  private @Nullable Instant nextActionAt;
  private Duration clockOffset;
  private final Instant createdAt;
  private @Nullable Instant canceledAt;
  private @Nullable Instant endedAt;
  private final long version;
  private @Nullable Discount discount;
  private final List<Change> changes = new ArrayList<>();

  Subscription(State s) {
    this.id = s.id();
    this.customerId = s.customerId();
    this.plan = s.plan();
    this.status = s.status();
    this.anchorDate = s.anchorDate();
    this.anchorDay = s.anchorDay();
    this.anchorIndex = s.anchorIndex();
    this.chargeTime = s.chargeTime();
    this.chargeTimeOverridden = s.chargeTimeOverridden();
    this.periodNo = s.periodNo();
    this.paidPeriodNo = s.paidPeriodNo();
    this.periodStart = s.periodStart();
    this.periodEnd = s.periodEnd();
    this.trialEnd = s.trialEnd();
    this.cancelAtPeriodEnd = s.cancelAtPeriodEnd();
    this.pendingPlan = s.pendingPlan();
    this.upgrade = s.upgrade();
    this.balance = s.balance();
    this.awaitingCard = s.awaitingCard();
    this.nextActionAt = s.nextActionAt();
    this.clockOffset = s.clockOffset();
    this.createdAt = s.createdAt();
    this.canceledAt = s.canceledAt();
    this.endedAt = s.endedAt();
    this.version = s.version();
    this.discount = s.discount();
  }

  State state() {
    return new State(
        id,
        customerId,
        plan,
        status,
        anchorDate,
        anchorDay,
        anchorIndex,
        chargeTime,
        chargeTimeOverridden,
        periodNo,
        paidPeriodNo,
        periodStart,
        periodEnd,
        trialEnd,
        cancelAtPeriodEnd,
        pendingPlan,
        upgrade,
        balance,
        awaitingCard,
        nextActionAt,
        clockOffset,
        createdAt,
        canceledAt,
        endedAt,
        version,
        discount);
  }

  // ---- starting

  /**
   * A new subscription to {@code plan} from {@code now}: trialing until the trial's end (the
   * anchor), free and active, or INCOMPLETE until its first charge succeeds.
   */
  static Subscription start(
      CustomerId customerId,
      PlanSnapshot plan,
      int trialDays,
      Instant now,
      LocalTime chargeTime,
      Duration clockOffset) {
    LocalDate today = BillingCalendar.businessDate(now);
    boolean free = plan.price().isZero();
    boolean trial = trialDays > 0 && !free;
    LocalDate anchor = trial ? today.plusDays(trialDays) : today;
    BillingPeriod first =
        trial
            ? new BillingPeriod(today, anchor)
            : BillingCalendar.period(anchor, plan.interval(), 0);
    SubscriptionStatus status =
        trial
            ? SubscriptionStatus.TRIALING
            : free ? SubscriptionStatus.ACTIVE : SubscriptionStatus.INCOMPLETE;
    int periodNo = trial ? 0 : 1;
    Subscription s =
        new Subscription(
            new State(
                0,
                customerId,
                plan,
                status,
                anchor,
                anchor.getDayOfMonth(),
                0,
                chargeTime,
                false,
                periodNo,
                free ? 1 : 0,
                first.start(),
                first.end(),
                trial ? anchor : null,
                false,
                null,
                null,
                Won.ZERO,
                false,
                null,
                clockOffset,
                now,
                null,
                null,
                0,
                null));
    s.nextActionAt = status == SubscriptionStatus.INCOMPLETE ? null : s.state().periodEndInstant();
    s.changes.add(
        new Change(
            now,
            SubscriptionStep.CREATED,
            null,
            status,
            periodNo,
            plan.name()
                + " "
                + plan.price().value()
                + "원"
                + (trial ? ", 무료 체험 " + trialDays + "일" : "")));
    return s;
  }

  /** The id the database gave it; set once, right after the insert. */
  void identify(long assigned) {
    if (id != 0 || assigned <= 0) {
      throw new IllegalStateException("subscription id is set once, was " + id);
    }
    id = assigned;
  }

  /** The event of a subscription that started without a charge (a trial, a free plan). */
  Optional<SubscriptionEvent> startedWithoutCharge() {
    if (status == SubscriptionStatus.INCOMPLETE) {
      return Optional.empty();
    }
    return Optional.of(
        new SubscriptionCreated(
            subscriptionId(),
            customerId,
            plan.planId(),
            status,
            periodStart,
            periodEnd,
            plan.price(),
            state().periodEndInstant()));
  }

  // ---- the renewal

  /**
   * Applies the renewal's decision: schedules the next look, ends, or starts the next period and
   * pays it (without a charge when it is free, paid by credit or carried; else the caller records
   * the charge and sends it).
   */
  Renewed renew(RenewalDecision.Renewal decision, Instant now, Duration recheck) {
    List<SubscriptionEvent> events = new ArrayList<>();
    switch (decision) {
      case RenewalDecision.Idle idle -> nextActionAt = null;
      case RenewalDecision.WaitUntil(Instant at) -> nextActionAt = at;
      case RenewalDecision.AwaitInFlight(Instant at) -> nextActionAt = at;
      case RenewalDecision.End(SubscriptionStatus to, Instant at, String reason) ->
          events.add(end(to, at, reason));
      case RenewalDecision.Renew(RenewalDecision.Consent consent, AmountDue due) -> {
        PlanSnapshot increase = applyConsent(consent, now);
        startNextPeriod(now);
        note(now, SubscriptionStep.PERIOD_STARTED, periodStart + " ~ " + periodEnd);
        if (increase != null) {
          events.add(deferIncrease(increase, now));
        }
        requireDue(due);
        return new Renewed(events, pay(due, now, recheck, events));
      }
      case RenewalDecision.Charge(AmountDue due) -> {
        requireDue(due);
        return new Renewed(events, pay(due, now, recheck, events));
      }
    }
    return new Renewed(events, Optional.empty());
  }

  /** The consent answer, noted; returns a price increase to move to the new period's end. */
  private @Nullable PlanSnapshot applyConsent(RenewalDecision.Consent consent, Instant now) {
    switch (consent) {
      case RenewalDecision.Given given ->
          note(now, SubscriptionStep.CONSENT_CONFIRMED, given.evidence());
      case RenewalDecision.Deferred deferred -> {
        PlanSnapshot increase = pendingPlan;
        if (increase != null) {
          note(
              now,
              SubscriptionStep.PRICE_CHANGE_DEFERRED,
              deferred.reason()
                  + ": 동의 요청 전 갱신, "
                  + plan.price().value()
                  + "원 유지 ("
                  + increase.price().value()
                  + "원은 다음 기간 종료일로 연기)");
        }
        pendingPlan = null;
        return increase;
      }
      case RenewalDecision.KeepPrice keep -> {
        if (pendingPlan != null) {
          note(
              now,
              SubscriptionStep.PRICE_CHANGE_NOT_APPLIED,
              keep.reason()
                  + ": "
                  + plan.price().value()
                  + "원 유지 ("
                  + pendingPlan.price().value()
                  + "원 미동의)");
        }
        pendingPlan = null;
      }
      case RenewalDecision.NotNeeded n -> {}
      case RenewalDecision.Refused r -> throw new IllegalStateException("a refused consent ends");
    }
    return null;
  }

  /** The increase nobody was asked about applies from the end of the period just started. */
  private PriceChangeScheduled deferIncrease(PlanSnapshot increase, Instant now) {
    pendingPlan = increase;
    note(
        now,
        SubscriptionStep.PRICE_CHANGE_SCHEDULED,
        plan.price().value()
            + "원 → "
            + increase.price().value()
            + "원, "
            + periodEnd
            + "부터 (동의 요청 없이 갱신되어 연기)");
    return priceChangeScheduled(increase, false);
  }

  private void requireDue(AmountDue due) {
    AmountDue now = state().currentDue();
    if (!now.equals(due)) {
      throw new IllegalStateException(
          "subscription " + id + ": the decision's amount " + due + " is not " + now);
    }
  }

  private Optional<Won> pay(
      AmountDue due, Instant now, Duration recheck, List<SubscriptionEvent> events) {
    if (due.kind() == AmountDue.Kind.CHARGE) {
      // Never without a next action while live: if the outcome is lost, the next claim finds the
      // attempt in flight and looks again (the outcome sets the real next action).
      nextActionAt = now.plus(recheck);
      return Optional.of(due.charge());
    }
    SubscriptionStep kind =
        switch (due.kind()) {
          case FREE_PERIOD -> SubscriptionStep.FREE_PERIOD;
          case PAID_BY_CREDIT -> SubscriptionStep.PAID_BY_CREDIT;
          case PAID_BY_DISCOUNT -> SubscriptionStep.PAID_BY_DISCOUNT;
          default -> SubscriptionStep.CARRIED_TO_NEXT_INVOICE;
        };
    note(now, kind, due.due().value() + "원" + discountNote(due.discount()));
    events.addAll(markPeriodPaid(Won.ZERO, now));
    return Optional.empty();
  }

  /**
   * The first period of a new subscription whose discount (or credit) leaves less than Toss's
   * minimum to charge: paid without a charge, as a renewal would be.
   */
  List<SubscriptionEvent> payFirstWithoutCharge(AmountDue due, Instant now) {
    if (status != SubscriptionStatus.INCOMPLETE
        || due.kind() == AmountDue.Kind.CHARGE
        || !state().currentDue().equals(due)) {
      throw new IllegalStateException("subscription " + id + " cannot start unpaid with " + due);
    }
    List<SubscriptionEvent> events = new ArrayList<>();
    pay(due, now, Duration.ZERO, events);
    return events;
  }

  private String discountNote(Won off) {
    Discount d = discount;
    return off.isPositive() && d != null ? ", 할인 " + off.value() + "원 (" + d.code() + ")" : "";
  }

  /** Ends the current period and starts the next one, applying a pending plan first. */
  private void startNextPeriod(Instant now) {
    applyPendingPlan(now);
    boolean fromTrial = periodNo == 0;
    anchorIndex = fromTrial ? 0 : anchorIndex + 1;
    BillingPeriod next =
        BillingCalendar.period(anchorDate, anchorDay, plan.interval(), anchorIndex);
    periodNo++;
    periodStart = next.start();
    periodEnd = next.end();
    endDiscountIfOver(now);
  }

  /** A discount whose last period has passed is taken off the subscription, noted. */
  private void endDiscountIfOver(Instant now) {
    Discount d = discount;
    if (d != null && d.endedBy(periodNo)) {
      discount = null;
      note(now, SubscriptionStep.DISCOUNT_ENDED, d.code() + ", " + d.lastPeriod() + "기간까지");
    }
  }

  /**
   * Applies the plan waiting for the period end, if any. Another interval re-anchors on the period
   * end, keeping the anchor's day of month (a weekly side takes the period end's day).
   */
  private void applyPendingPlan(Instant now) {
    PlanSnapshot next = pendingPlan;
    if (next == null) {
      return;
    }
    boolean newInterval = !next.interval().equals(plan.interval());
    note(
        now,
        SubscriptionStep.PLAN_CHANGED,
        plan.name()
            + " → "
            + next.name()
            + ", "
            + plan.price().value()
            + "원 → "
            + next.price().value()
            + "원");
    if (newInterval) {
      if (plan.interval().unit() == IntervalUnit.WEEK
          || next.interval().unit() == IntervalUnit.WEEK) {
        anchorDay = periodEnd.getDayOfMonth();
      }
      anchorDate = periodEnd;
      anchorIndex = -1;
    }
    plan = next;
    pendingPlan = null;
  }

  // ---- outcomes of charges

  /**
   * Whether an approved charge pays something here now: a period charge for the current, unpaid
   * period of a live subscription, or the upgrade charge in flight of an active one.
   */
  boolean needs(ChargePurpose purpose, int chargePeriodNo) {
    if (frozen()) {
      return false;
    }
    return purpose == ChargePurpose.PRORATION
        ? upgrade != null && status == SubscriptionStatus.ACTIVE && chargePeriodNo == periodNo
        : chargePeriodNo == periodNo && !state().periodPaid();
  }

  /** The current period is paid with {@code charged} won. */
  List<SubscriptionEvent> periodPaid(int chargePeriodNo, Won charged, Instant now) {
    if (!needs(ChargePurpose.PERIOD, chargePeriodNo)) {
      throw new IllegalStateException(
          "subscription " + id + " does not need a payment for period " + chargePeriodNo);
    }
    List<SubscriptionEvent> events = markPeriodPaid(charged, now);
    restoreSchedule(now, null);
    return events;
  }

  private List<SubscriptionEvent> markPeriodPaid(Won charged, Instant now) {
    SubscriptionStatus before = status;
    Won off = state().discountOn(plan, periodNo);
    balance = AmountDue.balanceAfter(balance, plan.price().minus(off), charged);
    paidPeriodNo = periodNo;
    awaitingCard = false;
    nextActionAt = state().periodEndInstant();
    if (before != SubscriptionStatus.ACTIVE) {
      SubscriptionStep kind =
          switch (before) {
            case PAST_DUE -> SubscriptionStep.RECOVERED;
            case TRIALING -> SubscriptionStep.TRIAL_CONVERTED;
            default -> SubscriptionStep.ACTIVATED;
          };
      moveTo(SubscriptionStatus.ACTIVE, now, kind, "");
    }
    note(
        now,
        SubscriptionStep.PERIOD_PAID,
        periodStart + " ~ " + periodEnd + " " + charged.value() + "원" + discountNote(off));
    if (before == SubscriptionStatus.INCOMPLETE) {
      return List.of(
          new SubscriptionCreated(
              subscriptionId(),
              customerId,
              plan.planId(),
              SubscriptionStatus.ACTIVE,
              periodStart,
              periodEnd,
              plan.price(),
              state().periodEndInstant()));
    }
    return List.of(
        new SubscriptionRenewed(
            subscriptionId(),
            customerId,
            plan.planId(),
            periodNo,
            periodStart,
            periodEnd,
            charged));
  }

  /** The upgrade charge was approved: the plan it was quoted for takes over now. */
  void upgradePaid(Won charged, Instant now) {
    PlanSnapshot target = upgrade;
    if (target == null || !needs(ChargePurpose.PRORATION, periodNo)) {
      throw new IllegalStateException("subscription " + id + " has no upgrade in flight");
    }
    note(
        now,
        SubscriptionStep.UPGRADED,
        plan.name() + " → " + target.name() + ", " + charged.value() + "원 일할 청구");
    plan = target;
    pendingPlan = null;
    upgrade = null;
    restoreSchedule(now, null);
  }

  /**
   * A charge of the current period was declined: the first charge leaves the subscription
   * incomplete until a new card or its expiry; a renewal goes past due and follows the dunning
   * schedule.
   */
  List<SubscriptionEvent> chargeDeclined(
      ChargePurpose purpose,
      int chargePeriodNo,
      String code,
      DeclineKind kind,
      int countedDeclines,
      DunningSchedule dunning,
      Duration incompleteExpiresAfter,
      Instant now) {
    if (frozen()) {
      note(now, SubscriptionStep.LATE_DECLINE, code + " (" + status + ")");
      return List.of();
    }
    if (purpose == ChargePurpose.PRORATION) {
      note(now, SubscriptionStep.UPGRADE_DECLINED, code);
      upgrade = null;
      restoreSchedule(now, dunning);
      return List.of();
    }
    if (chargePeriodNo != periodNo || state().periodPaid()) {
      note(now, SubscriptionStep.LATE_DECLINE, code);
      restoreSchedule(now, dunning);
      return List.of();
    }
    if (status == SubscriptionStatus.INCOMPLETE) {
      awaitingCard = true;
      Instant expiry = createdAt.plus(incompleteExpiresAfter);
      nextActionAt = expiry.isBefore(now) ? now : expiry;
      note(now, SubscriptionStep.FIRST_CHARGE_DECLINED, code);
      return List.of();
    }
    if (status != SubscriptionStatus.PAST_DUE) {
      moveTo(SubscriptionStatus.PAST_DUE, now, SubscriptionStep.PAST_DUE, code + " (" + kind + ")");
    }
    Instant nextRetry = null;
    switch (dunning.afterDecline(kind, countedDeclines, periodStart, now)) {
      case DunningSchedule.AwaitNewCard(Instant until) -> {
        awaitingCard = true;
        nextActionAt = until;
        note(now, SubscriptionStep.NEW_CARD_NEEDED, code + ", " + until + "까지");
      }
      case DunningSchedule.RetryAt(Instant at, int retry) -> {
        nextRetry = at;
        nextActionAt = at;
        note(now, SubscriptionStep.RETRY_SCHEDULED, code + ", " + at);
      }
      case DunningSchedule.GiveUp(SubscriptionStatus to) -> {
        return List.of(end(to, now, EndReason.DUNNING_EXHAUSTED.name()));
      }
    }
    return List.of(
        new SubscriptionPastDue(
            subscriptionId(), customerId, plan.planId(), periodNo, code, kind.name(), nextRetry));
  }

  /**
   * A charge was given up because the card changed after it was sent: not the customer's decline;
   * the period is charged again now, on the new card, without counting toward dunning.
   */
  void retryOnNewCard(ChargePurpose purpose, int chargePeriodNo, String orderId, Instant now) {
    if (frozen()) {
      note(now, SubscriptionStep.LATE_DECLINE, orderId + " (" + status + ")");
      return;
    }
    if (purpose == ChargePurpose.PRORATION) {
      note(now, SubscriptionStep.UPGRADE_DECLINED, io.tossbill.payment.ChargeSender.CARD_CHANGED);
      upgrade = null;
    } else if (chargePeriodNo == periodNo && !state().periodPaid()) {
      awaitingCard = false;
      nextActionAt = now;
      note(now, SubscriptionStep.RETRY_ON_NEW_CARD, orderId);
    }
    restoreSchedule(now, null);
  }

  /** Money came for nothing (a late approval): noted; the payment module refunds it. */
  void lateApproval(String orderId, Won amount, Instant now) {
    note(
        now, SubscriptionStep.LATE_APPROVAL, orderId + " " + amount.value() + "원 (" + status + ")");
    if (!frozen()) {
      restoreSchedule(now, null);
    }
  }

  /**
   * A claim made while an attempt was in flight may have left no next action; once the outcome is
   * known, put one back so the subscription is renewed (or ended) on time.
   */
  private void restoreSchedule(Instant now, @Nullable DunningSchedule dunning) {
    if (nextActionAt != null) {
      return;
    }
    switch (status) {
      case ACTIVE, TRIALING ->
          nextActionAt = state().periodPaid() ? state().periodEndInstant() : now;
      case PAST_DUE ->
          nextActionAt =
              awaitingCard && dunning != null ? dunning.newCardDeadline(periodStart, now) : now;
      case PAUSED -> nextActionAt = cancelAtPeriodEnd ? state().periodEndInstant() : null;
      default -> {}
    }
  }

  // ---- commands

  /**
   * Schedules the cancel at the period end (access until then); repeating it changes nothing and
   * publishes nothing.
   */
  Optional<SubscriptionEvent> scheduleCancel(Instant now) {
    if (status != SubscriptionStatus.ACTIVE && status != SubscriptionStatus.TRIALING) {
      throw SubscriptionStatus.illegal(status, "cancel at period end");
    }
    if (cancelAtPeriodEnd) {
      return Optional.empty();
    }
    cancelAtPeriodEnd = true;
    note(now, SubscriptionStep.CANCEL_SCHEDULED, periodEnd + " 해지 예정");
    return Optional.of(
        new SubscriptionCancelScheduled(
            subscriptionId(),
            customerId,
            plan.planId(),
            periodEnd,
            state().periodEndInstant(),
            now));
  }

  /** Takes back a cancel at period end before it happens. */
  void undoCancel(Instant now) {
    if (!cancelAtPeriodEnd || status.isFinal()) {
      throw ApiException.conflict("NO_SCHEDULED_CANCEL", "api.NO_SCHEDULED_CANCEL");
    }
    cancelAtPeriodEnd = false;
    note(now, SubscriptionStep.CANCEL_UNDONE, "");
  }

  /** Cancels now: access ends now. */
  SubscriptionEvent cancelNow(Instant now) {
    status.requireMoveTo(SubscriptionStatus.CANCELED);
    return end(SubscriptionStatus.CANCELED, now, EndReason.REQUESTED.name());
  }

  /** A prorated refund made with a cancel, noted. */
  void proratedRefund(String orderId, long daysLeft, long covered, Won amount, Instant now) {
    note(
        now,
        SubscriptionStep.PRORATED_REFUND,
        orderId + " " + daysLeft + "/" + covered + "일, " + amount.value() + "원");
  }

  /**
   * Pauses: nothing is charged until resume. Only a paid period can be paused (the caller checks
   * nothing is in flight); a cancel scheduled at period end still happens then.
   */
  SubscriptionEvent pause(Instant now) {
    status.requireMoveTo(SubscriptionStatus.PAUSED);
    if (!state().periodPaid()) {
      throw ApiException.conflict("CHARGE_IN_FLIGHT", "api.CHARGE_IN_FLIGHT");
    }
    moveTo(SubscriptionStatus.PAUSED, now, SubscriptionStep.PAUSED, "");
    nextActionAt = cancelAtPeriodEnd ? state().periodEndInstant() : null;
    return new SubscriptionPaused(subscriptionId(), customerId, plan.planId(), now);
  }

  /**
   * Resumes a pause. Within the paid period only the status changes; after it, a cancel scheduled
   * at period end ends the subscription (at that period end), otherwise a plan change scheduled for
   * the period end applies and a new period anchored on the resume date starts and is charged at
   * once. A price increase whose change date passed during the pause is not charged on a consent
   * given for that old date: the new period starts at the current price and the increase moves to
   * its end, with a fresh request.
   */
  List<SubscriptionEvent> resume(Instant now) {
    if (status != SubscriptionStatus.PAUSED) {
      // Only a pause is resumed: a past-due or incomplete subscription becomes active by paying,
      // never by a resume (which would restart dunning or give access unpaid).
      throw SubscriptionStatus.illegal(status, "resume");
    }
    boolean withinPaidPeriod = state().periodPaid() && now.isBefore(state().periodEndInstant());
    if (!withinPaidPeriod && cancelAtPeriodEnd) {
      return List.of(
          end(
              SubscriptionStatus.CANCELED,
              state().periodEndInstant(),
              EndReason.PERIOD_END.name()));
    }
    PlanSnapshot deferredIncrease =
        !withinPaidPeriod
                && pendingPlan != null
                && pendingPlan.planId().equals(plan.planId())
                && pendingPlan.price().isGreaterThan(plan.price())
            ? pendingPlan
            : null;
    List<SubscriptionEvent> events = new ArrayList<>();
    moveTo(SubscriptionStatus.ACTIVE, now, SubscriptionStep.RESUMED, "");
    if (withinPaidPeriod) {
      nextActionAt = state().periodEndInstant();
    } else {
      if (deferredIncrease == null) {
        applyPendingPlan(now);
      } else {
        pendingPlan = null;
      }
      LocalDate today = BillingCalendar.businessDate(now);
      anchorDate = today;
      anchorDay = today.getDayOfMonth();
      anchorIndex = 0;
      BillingPeriod next = BillingCalendar.period(anchorDate, anchorDay, plan.interval(), 0);
      periodNo++;
      periodStart = next.start();
      periodEnd = next.end();
      note(now, SubscriptionStep.REANCHORED, periodStart + " ~ " + periodEnd);
      endDiscountIfOver(now);
      nextActionAt = now;
      if (deferredIncrease != null) {
        pendingPlan = deferredIncrease;
        note(
            now,
            SubscriptionStep.PRICE_CHANGE_SCHEDULED,
            plan.price().value()
                + "원 → "
                + deferredIncrease.price().value()
                + "원, "
                + periodEnd
                + "부터 (재개로 연기)");
        events.add(priceChangeScheduled(deferredIncrease, false));
      }
    }
    events.add(
        new SubscriptionResumed(
            subscriptionId(), customerId, plan.planId(), periodStart, periodEnd, nextActionAt));
    return events;
  }

  /** A downgrade or another interval, taking over at the period end. */
  void schedulePlanChange(PlanSnapshot target, Instant now) {
    pendingPlan = target;
    note(now, SubscriptionStep.PLAN_CHANGE_SCHEDULED, target.name() + ", " + periodEnd + "부터");
  }

  /**
   * Switches plan now without a charge (a trial, the same price, or a net below Toss's minimum
   * carried to the next invoice). A trial's first paid price that changes needs a new consent.
   */
  List<SubscriptionEvent> switchPlan(PlanSnapshot target, Won carried, Instant now) {
    if (status != SubscriptionStatus.TRIALING && status != SubscriptionStatus.ACTIVE) {
      throw SubscriptionStatus.illegal(status, "change plan");
    }
    Won before = plan.price();
    balance = balance.minus(carried);
    note(
        now,
        SubscriptionStep.PLAN_CHANGED,
        plan.name()
            + " → "
            + target.name()
            + (carried.isPositive() ? ", 다음 청구에 " + carried.value() + "원 합산" : ""));
    plan = periodNo == 0 ? target : keepInterval(target);
    pendingPlan = null;
    if (status == SubscriptionStatus.TRIALING && !before.equals(target.price())) {
      return List.of(priceChangeScheduled(target, true));
    }
    return List.of();
  }

  /** Outside a trial, a plan switched now keeps the running period's interval until it ends. */
  private PlanSnapshot keepInterval(PlanSnapshot target) {
    return new PlanSnapshot(
        target.planId(),
        target.name(),
        target.price(),
        plan.interval(),
        target.accessDuringGrace());
  }

  /** An upgrade charged now: the quoted plan waits for the charge's approval. */
  void requestUpgrade(PlanSnapshot target, Won amount, Instant now) {
    if (status != SubscriptionStatus.ACTIVE || !state().periodPaid()) {
      throw SubscriptionStatus.illegal(status, "upgrade");
    }
    upgrade = target;
    note(now, SubscriptionStep.UPGRADE_REQUESTED, target.name() + ", " + amount.value() + "원");
  }

  /**
   * A new card: a past-due or incomplete subscription is retried at once. Returns whether it was.
   */
  boolean retryWithNewCard(Instant now) {
    if (status != SubscriptionStatus.PAST_DUE && status != SubscriptionStatus.INCOMPLETE) {
      return false;
    }
    awaitingCard = false;
    nextActionAt = now;
    note(now, SubscriptionStep.CARD_CHANGED, "새 카드로 즉시 재시도");
    return true;
  }

  /**
   * Staff ask for the unpaid period to be charged again now (the customer fixed what declined): the
   * next claim charges it. Only a past-due or incomplete subscription has such a period.
   */
  void retryNow(Instant now) {
    if (status != SubscriptionStatus.PAST_DUE && status != SubscriptionStatus.INCOMPLETE) {
      throw SubscriptionStatus.illegal(status, "retry now");
    }
    awaitingCard = false;
    nextActionAt = now;
    note(now, SubscriptionStep.RETRY_REQUESTED, "");
  }

  /**
   * Staff give a trialing subscriber {@code days} more days free: the trial's end, its anchor and
   * its first charge move; the first paid price needs consent for the new date.
   */
  Optional<PriceChangeScheduled> extendTrial(int days, Instant now) {
    if (status != SubscriptionStatus.TRIALING || trialEnd == null) {
      throw SubscriptionStatus.illegal(status, "extend trial");
    }
    if (days < 1 || days > 365) {
      throw ApiException.badRequest("INVALID_TRIAL_EXTENSION", "api.INVALID_TRIAL_EXTENSION", days);
    }
    LocalDate before = periodEnd;
    periodEnd = periodEnd.plusDays(days);
    trialEnd = periodEnd;
    anchorDate = periodEnd;
    anchorDay = periodEnd.getDayOfMonth();
    anchorIndex = 0;
    nextActionAt = state().periodEndInstant();
    note(now, SubscriptionStep.TRIAL_EXTENDED, before + " → " + periodEnd);
    PlanSnapshot next = pendingPlan != null ? pendingPlan : plan;
    return next.price().isPositive()
        ? Optional.of(priceChangeScheduled(next, true))
        : Optional.empty();
  }

  /**
   * The first period a discount applied now takes money off: the current one while it is unpaid (a
   * first charge, a retry), else the next one (a trial's first paid period included).
   */
  int firstDiscountedPeriod() {
    return state().periodPaid() ? periodNo + 1 : periodNo;
  }

  /**
   * Gives the subscription {@code applied}, replacing the discount it held (the caller checks no
   * charge is in flight, so no attempt was recorded at the old amount).
   */
  void applyDiscount(Discount applied, Instant now) {
    if (status.isFinal()) {
      throw SubscriptionStatus.illegal(status, "apply a discount");
    }
    Discount before = discount;
    discount = applied;
    note(
        now,
        SubscriptionStep.DISCOUNT_APPLIED,
        applied.code()
            + ", "
            + (applied.percentOff() > 0
                ? applied.percentOff() + "%"
                : applied.amountOff().value() + "원")
            + ", "
            + applied.firstPeriod()
            + "기간부터 "
            + (applied.lastPeriod() == null ? "계속" : applied.lastPeriod() + "기간까지")
            + (before == null ? "" : " (" + before.code() + " 대체)"));
  }

  /** Takes the discount off: later periods are charged their full price. */
  void removeDiscount(Instant now) {
    Discount before = discount;
    if (before == null || status.isFinal()) {
      throw ApiException.conflict("NO_DISCOUNT", "api.NO_DISCOUNT");
    }
    discount = null;
    note(now, SubscriptionStep.DISCOUNT_REMOVED, before.code());
  }

  /** The customer's card stopped working (deleted at Toss): noted. */
  void cardUnusable(String reason, Instant now) {
    if (!status.isFinal()) {
      note(now, SubscriptionStep.CARD_UNUSABLE, reason);
    }
  }

  /**
   * The plan's new price applies from the next period; empty when nothing changes (already that
   * price or scheduled, or a move to another plan is scheduled, which wins).
   */
  Optional<PriceChangeScheduled> priceChanged(PlanSnapshot atNewPrice, Instant now) {
    if (status.isFinal()) {
      return Optional.empty();
    }
    if (pendingPlan != null && !pendingPlan.planId().equals(atNewPrice.planId())) {
      return Optional.empty();
    }
    Won newPrice = atNewPrice.price();
    if (pendingPlan != null
        ? pendingPlan.price().equals(newPrice)
        : plan.price().equals(newPrice)) {
      return Optional.empty();
    }
    PlanSnapshot next =
        new PlanSnapshot(
            plan.planId(), atNewPrice.name(), newPrice, plan.interval(), plan.accessDuringGrace());
    pendingPlan = next;
    note(
        now,
        SubscriptionStep.PRICE_CHANGE_SCHEDULED,
        plan.price().value() + "원 → " + newPrice.value() + "원, " + periodEnd + "부터");
    return Optional.of(priceChangeScheduled(next, status == SubscriptionStatus.TRIALING));
  }

  /** An incomplete subscription replaced by a new subscribe to the same plan. */
  SubscriptionEvent replaced(Instant now) {
    if (status != SubscriptionStatus.INCOMPLETE) {
      throw SubscriptionStatus.illegal(status, "replace");
    }
    note(now, SubscriptionStep.REPLACED, "같은 요금제로 새 구독 신청");
    return end(SubscriptionStatus.EXPIRED, now, EndReason.REPLACED_BY_NEW_SUBSCRIPTION.name());
  }

  /** The customer's test clock moved: its offset from the server's clock. */
  void clockMoved(Duration offset) {
    if (offset.isNegative()) {
      throw new IllegalArgumentException("a test clock only moves forward");
    }
    clockOffset = offset;
  }

  // ---- internals

  private SubscriptionEvent end(SubscriptionStatus to, Instant at, String reason) {
    SubscriptionStep kind =
        to == SubscriptionStatus.CANCELED ? SubscriptionStep.CANCELED : SubscriptionStep.EXPIRED;
    moveTo(to, at, kind, reason);
    nextActionAt = null;
    cancelAtPeriodEnd = false;
    upgrade = null;
    endedAt = at;
    if (to == SubscriptionStatus.CANCELED) {
      canceledAt = at;
      return new SubscriptionCanceled(subscriptionId(), customerId, plan.planId(), reason, at);
    }
    return new SubscriptionExpired(subscriptionId(), customerId, plan.planId(), reason, at);
  }

  private PriceChangeScheduled priceChangeScheduled(PlanSnapshot next, boolean trialing) {
    return new PriceChangeScheduled(
        subscriptionId(),
        customerId,
        next.planId(),
        next.name(),
        plan.price(),
        next.price(),
        periodEnd,
        state().periodEndInstant(),
        trialing);
  }

  /** Paused or ended: outcomes arriving late are recorded but never move it. */
  private boolean frozen() {
    return status == SubscriptionStatus.PAUSED || status.isFinal();
  }

  private void moveTo(
      SubscriptionStatus target, Instant now, SubscriptionStep kind, String detail) {
    status.requireMoveTo(target);
    changes.add(new Change(now, kind, status, target, periodNo, detail));
    status = target;
  }

  private void note(Instant now, SubscriptionStep kind, String detail) {
    changes.add(new Change(now, kind, status, status, periodNo, detail));
  }

  SubscriptionId subscriptionId() {
    return new SubscriptionId(id);
  }

  long id() {
    return id;
  }

  CustomerId customerId() {
    return customerId;
  }

  SubscriptionStatus status() {
    return status;
  }

  /** What the current period's charge is called at Toss ({@code orderName}). */
  String periodOrderName() {
    return plan.name() + " " + periodStart + "~" + periodEnd;
  }

  /** What an upgrade charge is called at Toss. */
  String upgradeOrderName(PlanSnapshot target) {
    return target.name() + " 업그레이드 일할 " + periodStart + "~" + periodEnd;
  }

  List<Change> changes() {
    return changes;
  }

  void changesWritten() {
    changes.clear();
  }
}
