package io.tossbill.subscription;

import io.tossbill.billing.BillingCalendar;
import io.tossbill.billing.BillingProperties;
import io.tossbill.billing.Proration;
import io.tossbill.billing.TestClock;
import io.tossbill.catalog.Catalog;
import io.tossbill.catalog.Plan;
import io.tossbill.catalog.PlanId;
import io.tossbill.customer.CardId;
import io.tossbill.customer.Cards;
import io.tossbill.customer.CustomerId;
import io.tossbill.customer.Customers;
import io.tossbill.payment.ChargeAttempt;
import io.tossbill.payment.ChargePurpose;
import io.tossbill.payment.NewAttempt;
import io.tossbill.payment.PaymentView;
import io.tossbill.payment.Payments;
import io.tossbill.payment.RefundResult;
import io.tossbill.platform.ApiException;
import io.tossbill.platform.Won;
import io.tossbill.toss.ChargeOutcome;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What merchants and subscribers do with subscriptions: subscribe, cancel (now or at period end),
 * pause, resume, change plan. Commands that charge commit the attempt first, call Toss outside any
 * transaction, then record the outcome.
 */
@Service
public class Subscriptions {

  /** How a cancel-now refunds the current period. */
  public enum RefundMode {
    NONE,
    PRORATED
  }

  /**
   * A cancel, with the refunds it made: {@code refund} is the first (the period charge's), {@code
   * refunds} all of them (the period charge and this period's upgrade charges).
   */
  public record CancelResult(
      SubscriptionView subscription,
      @Nullable RefundResult refund,
      @Nullable String refundFailure,
      List<RefundResult> refunds) {}

  private final SubscriptionRepository repository;
  private final BillingEngine engine;
  private final Payments payments;
  private final Catalog catalog;
  private final Customers customers;
  private final Cards cards;
  private final TestClock clock;
  private final BillingProperties properties;
  private final ApplicationEventPublisher events;
  private final TransactionTemplate transactions;

  Subscriptions(
      SubscriptionRepository repository,
      BillingEngine engine,
      Payments payments,
      Catalog catalog,
      Customers customers,
      Cards cards,
      TestClock clock,
      BillingProperties properties,
      ApplicationEventPublisher events,
      TransactionTemplate transactions) {
    this.repository = repository;
    this.engine = engine;
    this.payments = payments;
    this.catalog = catalog;
    this.customers = customers;
    this.cards = cards;
    this.clock = clock;
    this.properties = properties;
    this.events = events;
    this.transactions = transactions;
  }

  /**
   * Subscribes a customer to a plan. A registered card is required even for a trial (card on file,
   * as Stripe does). A paid plan without trial is charged at once; if that charge fails the
   * subscription is INCOMPLETE, never active.
   */
  public SubscriptionView subscribe(CustomerId customerId, PlanId planId) {
    customers.require(customerId);
    Plan plan = catalog.require(planId);
    if (!plan.isActive()) {
      throw ApiException.conflict(
          "PLAN_NOT_ACTIVE",
          "더 이상 판매하지 않는 요금제입니다: " + plan.code(),
          "Plan " + plan.code() + " no longer accepts subscriptions.");
    }
    if (!plan.isFree() && cards.currentCard(customerId).isEmpty()) {
      throw ApiException.conflict(
          "CARD_REQUIRED", "구독하려면 먼저 카드를 등록해 주세요.", "Register a card before subscribing.");
    }
    Started started =
        transactions.execute(
            status -> {
              repository.lockCustomerSubscribing(customerId);
              replaceIncomplete(customerId, planId);
              repository
                  .liveOnPlan(customerId, planId)
                  .ifPresent(
                      existing -> {
                        throw ApiException.conflict(
                            "SUBSCRIPTION_EXISTS",
                            "이 고객은 이미 이 요금제를 구독 중입니다 (구독 "
                                + existing
                                + "). 같은 요청을 다시 보냈다면 그 구독을 확인해 주세요.",
                            "The customer already has a live subscription "
                                + existing
                                + " to this plan; a retried request"
                                + " must not subscribe (and charge) twice.");
                      });
              Instant now = clock.now(customerId);
              Subscription s = Subscription.start(customerId, plan, now, properties.chargeTime());
              long id = repository.insert(s);
              ChargeAttempt attempt = null;
              if (s.status == SubscriptionStatus.INCOMPLETE) {
                attempt =
                    payments.recordAttempt(
                        new NewAttempt(
                            id,
                            customerId,
                            ChargePurpose.PERIOD,
                            1,
                            1,
                            s.periodStart,
                            s.periodEnd,
                            s.planName + " " + s.periodStart + "~" + s.periodEnd,
                            s.price,
                            null),
                        now);
              } else {
                events.publishEvent(
                    new SubscriptionCreated(
                        new SubscriptionId(id),
                        customerId,
                        plan.id(),
                        s.status,
                        s.periodStart,
                        s.periodEnd,
                        s.price));
              }
              return new Started(id, attempt);
            });
    if (started.attempt() != null) {
      engine.charge(started.attempt());
    }
    return view(new SubscriptionId(started.id()));
  }

  private record Started(long id, @Nullable ChargeAttempt attempt) {}

  /**
   * An incomplete subscription (first charge failed) does not keep the customer from subscribing
   * again: a new subscribe expires it, unless its first charge is still in flight (409
   * CHARGE_IN_FLIGHT: its outcome may still activate it).
   */
  private void replaceIncomplete(CustomerId customerId, PlanId planId) {
    for (SubscriptionRepository.Loaded loaded : repository.ofCustomer(customerId)) {
      if (loaded.subscription().status != SubscriptionStatus.INCOMPLETE
          || !loaded.subscription().planId.equals(planId)) {
        continue;
      }
      SubscriptionRepository.Loaded locked =
          repository.lock(loaded.subscription().id).orElseThrow();
      Subscription s = locked.subscription();
      if (s.status != SubscriptionStatus.INCOMPLETE) {
        continue;
      }
      if (payments.inFlight(s.id).isPresent()) {
        throw chargeInFlight();
      }
      Instant now = clock.now().plus(locked.clockOffset());
      s.note(now, "REPLACED", "같은 요금제로 새 구독 신청");
      engine.end(s, now, SubscriptionStatus.EXPIRED, "REPLACED_BY_NEW_SUBSCRIPTION");
      repository.save(s, now);
    }
  }

  public SubscriptionView view(SubscriptionId id) {
    SubscriptionRepository.Loaded loaded =
        repository.find(id.value()).orElseThrow(() -> notFound(id));
    return view(loaded.subscription());
  }

  public List<SubscriptionView> ofCustomer(CustomerId customerId) {
    return repository.ofCustomer(customerId).stream().map(l -> view(l.subscription())).toList();
  }

  public List<HistoryEntry> history(SubscriptionId id) {
    repository.find(id.value()).orElseThrow(() -> notFound(id));
    return repository.history(id.value());
  }

  public List<PaymentView> payments(SubscriptionId id) {
    repository.find(id.value()).orElseThrow(() -> notFound(id));
    return payments.ofSubscription(id.value());
  }

  /** Cancels now (optionally refunding the unused days of the current period) or at period end. */
  public CancelResult cancel(SubscriptionId id, boolean atPeriodEnd, RefundMode refund) {
    if (atPeriodEnd) {
      if (refund != RefundMode.NONE) {
        throw ApiException.badRequest(
            "INVALID_REQUEST",
            "기간 말 해지에는 환불이 없습니다. refund는 none이어야 합니다.",
            "A cancel at period end refunds nothing: refund must be none.");
      }
      change(
          id,
          (s, now) -> {
            if (s.status != SubscriptionStatus.ACTIVE && s.status != SubscriptionStatus.TRIALING) {
              throw SubscriptionStatus.illegal(s.status, "cancel at period end");
            }
            if (!s.cancelAtPeriodEnd) {
              s.cancelAtPeriodEnd = true;
              s.note(now, "CANCEL_SCHEDULED", s.periodEnd + " 해지 예정");
            }
          });
      return new CancelResult(view(id), null, null, List.of());
    }
    // The refund rows are written (PENDING) in the cancel's own transaction and sent after it
    // commits: a crash in between leaves them for the janitor, never a canceled subscription
    // without
    // its refund.
    List<Long> refundIds =
        transactions.execute(
            status -> {
              SubscriptionRepository.Loaded loaded =
                  repository.lock(id.value()).orElseThrow(() -> notFound(id));
              Subscription s = loaded.subscription();
              Instant now = clock.now().plus(loaded.clockOffset());
              s.status.requireMoveTo(SubscriptionStatus.CANCELED);
              // An attempt flagged for review never blocks a cancel: if Toss approves it later,
              // it is recorded as a late approval and refunded (BillingEngine.applyOutcome).
              if (payments.inFlightUnreviewed(s.id).isPresent()) {
                throw chargeInFlight();
              }
              List<Long> toSend = new ArrayList<>();
              if (refund == RefundMode.PRORATED && s.periodNo >= 1 && s.periodPaid()) {
                LocalDate today = BillingCalendar.businessDate(now);
                long daysLeft = s.period().daysLeft(today);
                for (ChargeAttempt paid : payments.approvedChargesOfPeriod(s.id, s.periodNo)) {
                  // Each charge refunds its own unused days: the period charge covers the whole
                  // period, an
                  // upgrade charge the days from its upgrade to the period end.
                  long covered =
                      paid.purpose() == ChargePurpose.PERIOD
                          ? s.period().days()
                          : s.period().daysLeft(BillingCalendar.businessDate(paid.requestedAt()));
                  if (covered <= 0) {
                    continue;
                  }
                  Won amount =
                      Proration.prorate(paid.amount(), Math.min(daysLeft, covered), covered);
                  if (!amount.isPositive()) {
                    continue;
                  }
                  payments
                      .prepareRefund(paid.id(), amount, "구독 해지 일할 환불")
                      .ifPresent(
                          refundId -> {
                            toSend.add(refundId);
                            s.note(
                                now,
                                "PRORATED_REFUND",
                                paid.orderId()
                                    + " "
                                    + Math.min(daysLeft, covered)
                                    + "/"
                                    + covered
                                    + "일, "
                                    + amount.value()
                                    + "원");
                          });
                }
              }
              engine.end(s, now, SubscriptionStatus.CANCELED, "REQUESTED");
              repository.save(s, now);
              return toSend;
            });
    List<RefundResult> results = new ArrayList<>();
    String failure = null;
    for (long refundId : refundIds) {
      try {
        results.add(payments.sendPreparedRefund(refundId));
      } catch (ApiException e) {
        failure = failure == null ? e.code() : failure;
      }
    }
    return new CancelResult(
        view(id), results.isEmpty() ? null : results.getFirst(), failure, List.copyOf(results));
  }

  /** Takes back a cancel at period end before the period ends. */
  public SubscriptionView undoCancel(SubscriptionId id) {
    change(
        id,
        (s, now) -> {
          if (!s.cancelAtPeriodEnd || s.status.isFinal()) {
            throw ApiException.conflict(
                "NO_SCHEDULED_CANCEL",
                "예정된 해지가 없습니다.",
                "This subscription has no cancel scheduled.");
          }
          s.cancelAtPeriodEnd = false;
          s.note(now, "CANCEL_UNDONE", "");
        });
    return view(id);
  }

  /**
   * Pauses: nothing is charged until resume. Only a paid period with no charge in flight can be
   * paused (an outcome arriving later would otherwise undo the pause or charge twice). A cancel
   * scheduled at period end still happens at the period end.
   */
  public SubscriptionView pause(SubscriptionId id) {
    change(
        id,
        (s, now) -> {
          s.status.requireMoveTo(SubscriptionStatus.PAUSED);
          requireNothingInFlight(s);
          if (!s.periodPaid()) {
            throw ApiException.conflict(
                "CHARGE_IN_FLIGHT",
                "이번 기간 결제가 아직 끝나지 않아 일시 정지할 수 없습니다.",
                "This period's charge has not finished; it cannot be paused yet.");
          }
          s.moveTo(SubscriptionStatus.PAUSED, now, "PAUSED", "");
          s.nextActionAt = s.cancelAtPeriodEnd ? s.periodEndInstant() : null;
          events.publishEvent(
              new SubscriptionPaused(s.subscriptionId(), s.customerId, s.planId, now));
        });
    return view(id);
  }

  /**
   * Resumes. Within the paid period nothing changes but the status; after it, a cancel scheduled at
   * period end ends the subscription (at that period end), otherwise a plan change scheduled for
   * the period end applies (with the consent check a price increase needs) and a new period
   * anchored on the resume date starts and is charged at once.
   */
  public SubscriptionView resume(SubscriptionId id) {
    change(
        id,
        (s, now) -> {
          if (s.status != SubscriptionStatus.PAUSED) {
            // Only a pause is resumed: a past-due or incomplete subscription becomes active by
            // paying, never by a resume (which would restart dunning or give access unpaid).
            throw SubscriptionStatus.illegal(s.status, "resume");
          }
          boolean withinPaidPeriod = s.periodPaid() && now.isBefore(s.periodEndInstant());
          if (!withinPaidPeriod && s.cancelAtPeriodEnd) {
            engine.end(s, s.periodEndInstant(), SubscriptionStatus.CANCELED, "PERIOD_END");
            return;
          }
          // A price increase scheduled for a change date that has passed during the pause is not
          // charged now on a consent given for that old date: the new period starts at the
          // current price and the increase moves to the new period's end, with a fresh request.
          Subscription.PendingPlan deferredIncrease =
              !withinPaidPeriod
                      && s.pendingPlan != null
                      && s.pendingPlan.planId().equals(s.planId)
                      && s.pendingPlan.price().isGreaterThan(s.price)
                  ? s.pendingPlan
                  : null;
          s.moveTo(SubscriptionStatus.ACTIVE, now, "RESUMED", "");
          if (withinPaidPeriod) {
            s.nextActionAt = s.periodEndInstant();
          } else {
            if (deferredIncrease == null) {
              s.applyPendingPlan(now);
            }
            s.reanchor(BillingCalendar.businessDate(now));
            s.note(now, "REANCHORED", s.periodStart + " ~ " + s.periodEnd);
            s.nextActionAt = now;
            if (deferredIncrease != null) {
              s.note(
                  now,
                  "PRICE_CHANGE_SCHEDULED",
                  s.price.value()
                      + "원 → "
                      + deferredIncrease.price().value()
                      + "원, "
                      + s.periodEnd
                      + "부터 (재개로 연기)");
              events.publishEvent(
                  new PriceChangeScheduled(
                      s.subscriptionId(),
                      s.customerId,
                      s.planId,
                      deferredIncrease.name(),
                      s.price,
                      deferredIncrease.price(),
                      s.periodEnd,
                      s.periodEndInstant(),
                      false));
            }
          }
          events.publishEvent(
              new SubscriptionResumed(
                  s.subscriptionId(),
                  s.customerId,
                  s.planId,
                  s.periodStart,
                  s.periodEnd,
                  s.nextActionAt));
        });
    engine.wake();
    return view(id);
  }

  /** What changing to {@code planId} would charge now; {@link #changePlan} charges exactly this. */
  public ChangePreview preview(SubscriptionId id, PlanId planId) {
    Plan target = catalog.require(planId);
    SubscriptionRepository.Loaded loaded =
        repository.find(id.value()).orElseThrow(() -> notFound(id));
    return quote(loaded.subscription(), target, clock.now().plus(loaded.clockOffset()));
  }

  /**
   * Upgrades now with a prorated charge, or schedules a downgrade (or other interval) at period
   * end.
   */
  public SubscriptionView changePlan(SubscriptionId id, PlanId planId) {
    Plan target = catalog.require(planId);
    ChargeAttempt attempt =
        transactions.execute(
            status -> {
              SubscriptionRepository.Loaded loaded =
                  repository.lock(id.value()).orElseThrow(() -> notFound(id));
              Subscription s = loaded.subscription();
              Instant now = clock.now().plus(loaded.clockOffset());
              ChangePreview quote = quote(s, target, now);
              ChargeAttempt toCharge = null;
              switch (quote.kind()) {
                case "SCHEDULED" -> {
                  s.pendingPlan =
                      new Subscription.PendingPlan(
                          target.id(),
                          target.name(),
                          target.price(),
                          target.interval(),
                          target.accessDuringGrace());
                  s.note(now, "PLAN_CHANGE_SCHEDULED", target.name() + ", " + s.periodEnd + "부터");
                }
                case "UPGRADE_NOW" -> {
                  requireNothingInFlight(s);
                  if (quote.amountDueNow().compareTo(Proration.TOSS_MINIMUM_CHARGE) >= 0) {
                    int n = payments.nextAttemptNo(s.id, ChargePurpose.PRORATION, s.periodNo);
                    toCharge =
                        payments.recordAttempt(
                            new NewAttempt(
                                s.id,
                                s.customerId,
                                ChargePurpose.PRORATION,
                                s.periodNo,
                                n,
                                s.periodStart,
                                s.periodEnd,
                                target.name() + " 업그레이드 일할 " + s.periodStart + "~" + s.periodEnd,
                                quote.amountDueNow(),
                                target.id().value()),
                            now);
                    s.note(
                        now,
                        "UPGRADE_REQUESTED",
                        target.name() + ", " + quote.amountDueNow().value() + "원");
                  } else {
                    s.balance = s.balance.minus(quote.carriedToNextInvoice());
                    switchPlan(
                        s, target, now, "다음 청구에 " + quote.carriedToNextInvoice().value() + "원 합산");
                  }
                }
                default -> {
                  Won before = s.price;
                  switchPlan(s, target, now, "");
                  if (s.status == SubscriptionStatus.TRIALING && !before.equals(target.price())) {
                    // The trial's first paid price changed: the consent module asks for consent to
                    // the new one.
                    events.publishEvent(
                        new PriceChangeScheduled(
                            s.subscriptionId(),
                            s.customerId,
                            target.id(),
                            target.name(),
                            before,
                            target.price(),
                            s.periodEnd,
                            s.periodEndInstant(),
                            true));
                  }
                }
              }
              repository.save(s, now);
              return toCharge;
            });
    if (attempt != null && engine.charge(attempt) instanceof ChargeOutcome.Declined declined) {
      throw new ApiException(
          HttpStatus.PAYMENT_REQUIRED,
          "PAYMENT_DECLINED",
          "카드 결제가 거절되어 요금제를 바꾸지 못했습니다: " + declined.error().message(),
          "The card was declined, so the plan was not changed: " + declined.error().code());
    }
    return view(id);
  }

  private static void switchPlan(Subscription s, Plan target, Instant now, String detail) {
    s.note(
        now,
        "PLAN_CHANGED",
        s.planName + " → " + target.name() + (detail.isEmpty() ? "" : ", " + detail));
    s.planId = target.id();
    s.planName = target.name();
    s.price = target.price();
    s.accessDuringGrace = target.accessDuringGrace();
    s.pendingPlan = null;
    if (s.periodNo == 0) {
      // During a trial the first paid period has not started: it takes the new plan's interval.
      s.interval = target.interval();
    }
  }

  static ChangePreview quote(Subscription s, Plan target, Instant now) {
    if (target.id().equals(s.planId) && target.price().equals(s.price)) {
      throw ApiException.conflict("SAME_PLAN", "이미 이 요금제를 이용 중입니다.", "Already on this plan.");
    }
    if (!target.isActive()) {
      throw ApiException.conflict(
          "PLAN_NOT_ACTIVE",
          "더 이상 판매하지 않는 요금제입니다: " + target.code(),
          "Plan " + target.code() + " no longer accepts subscriptions.");
    }
    LocalDate today = BillingCalendar.businessDate(now);
    long days = s.period().days();
    long daysLeft = s.period().daysLeft(today);
    if (s.status == SubscriptionStatus.TRIALING) {
      return new ChangePreview(
          "SWITCH_NOW",
          target.id().value(),
          target.name(),
          s.price,
          target.price(),
          Won.ZERO,
          Won.ZERO,
          daysLeft,
          days,
          today);
    }
    if (s.status != SubscriptionStatus.ACTIVE) {
      throw SubscriptionStatus.illegal(s.status, "change plan");
    }
    if (!target.interval().equals(s.interval) || target.price().compareTo(s.price) < 0) {
      return new ChangePreview(
          "SCHEDULED",
          target.id().value(),
          target.name(),
          s.price,
          target.price(),
          Won.ZERO,
          Won.ZERO,
          daysLeft,
          days,
          s.periodEnd);
    }
    if (!s.periodPaid()) {
      throw ApiException.conflict(
          "CHARGE_IN_FLIGHT",
          "이번 기간 결제가 아직 끝나지 않았습니다. 잠시 후 다시 시도해 주세요.",
          "This period's charge has not finished yet; try again shortly.");
    }
    Won net = Proration.netChange(s.price, target.price(), s.period(), daysLeft);
    if (net.compareTo(Proration.TOSS_MINIMUM_CHARGE) >= 0) {
      return new ChangePreview(
          "UPGRADE_NOW",
          target.id().value(),
          target.name(),
          s.price,
          target.price(),
          net,
          Won.ZERO,
          daysLeft,
          days,
          today);
    }
    return new ChangePreview(
        net.isPositive() ? "UPGRADE_NOW" : "SWITCH_NOW",
        target.id().value(),
        target.name(),
        s.price,
        target.price(),
        Won.ZERO,
        net.max(Won.ZERO),
        daysLeft,
        days,
        today);
  }

  private void requireNothingInFlight(Subscription s) {
    if (payments.inFlight(s.id).isPresent()) {
      throw chargeInFlight();
    }
  }

  private static ApiException chargeInFlight() {
    return ApiException.conflict(
        "CHARGE_IN_FLIGHT",
        "진행 중인 결제가 있습니다. 결과가 확인된 뒤 다시 시도해 주세요.",
        "A charge is in flight; try again once its outcome is known.");
  }

  /**
   * A new card: a past-due (or incomplete) subscription is retried at once, unless its last attempt
   * already went to this card or a newer one (the event delivered again, or out of order).
   */
  void cardRegistered(CustomerId customerId, CardId cardId) {
    boolean retry =
        Boolean.TRUE.equals(
            transactions.execute(
                status -> {
                  boolean any = false;
                  for (SubscriptionRepository.Loaded loaded : repository.ofCustomer(customerId)) {
                    Subscription s =
                        repository.lock(loaded.subscription().id).orElseThrow().subscription();
                    if (s.status != SubscriptionStatus.PAST_DUE
                        && s.status != SubscriptionStatus.INCOMPLETE) {
                      continue;
                    }
                    CardId declinedOn =
                        payments.lastPeriodAttempt(s.id).map(ChargeAttempt::cardId).orElse(null);
                    if (declinedOn != null && declinedOn.value() >= cardId.value()) {
                      continue;
                    }
                    Instant now = clock.now().plus(loaded.clockOffset());
                    s.awaitingCard = false;
                    s.nextActionAt = now;
                    s.note(now, "CARD_CHANGED", "새 카드로 즉시 재시도");
                    repository.save(s, now);
                    any = true;
                  }
                  return any;
                }));
    if (retry) {
      engine.wake();
    }
  }

  /**
   * The customer's card stopped working (e.g. deleted at Toss): noted on each live subscription.
   */
  void cardUnusable(CustomerId customerId, String reason) {
    transactions.executeWithoutResult(
        status -> {
          for (SubscriptionRepository.Loaded loaded : repository.ofCustomer(customerId)) {
            Subscription s = repository.lock(loaded.subscription().id).orElseThrow().subscription();
            if (!s.status.isFinal()) {
              Instant now = clock.now().plus(loaded.clockOffset());
              s.note(now, "CARD_UNUSABLE", reason);
              repository.save(s, now);
            }
          }
        });
  }

  /**
   * A plan's new price applies to its existing subscriptions from their next period. The price is
   * the plan's current one, not the event's, so an event delivered again or out of order changes
   * nothing twice and never goes back to an older price.
   */
  void planPriceChanged(PlanId planId) {
    Plan plan = catalog.require(planId);
    Won newPrice = plan.price();
    transactions.executeWithoutResult(
        status -> {
          for (SubscriptionRepository.Loaded loaded : repository.livingOnPlan(planId)) {
            Subscription s = repository.lock(loaded.subscription().id).orElseThrow().subscription();
            if (s.pendingPlan != null && !s.pendingPlan.planId().equals(planId)) {
              continue; // a scheduled move to another plan wins
            }
            if (s.pendingPlan != null
                ? s.pendingPlan.price().equals(newPrice)
                : s.price.equals(newPrice)) {
              continue; // already scheduled (or already the price): nothing changes
            }
            Instant now = clock.now().plus(loaded.clockOffset());
            s.pendingPlan =
                new Subscription.PendingPlan(
                    planId, plan.name(), newPrice, s.interval, s.accessDuringGrace);
            s.note(
                now,
                "PRICE_CHANGE_SCHEDULED",
                s.price.value() + "원 → " + newPrice.value() + "원, " + s.periodEnd + "부터");
            repository.save(s, now);
            // The consent module asks the subscriber when the price goes up (or a trial starts
            // paying).
            events.publishEvent(
                new PriceChangeScheduled(
                    s.subscriptionId(),
                    s.customerId,
                    planId,
                    plan.name(),
                    s.price,
                    newPrice,
                    s.periodEnd,
                    s.periodEndInstant(),
                    s.status == SubscriptionStatus.TRIALING));
          }
        });
  }

  /**
   * Locks the subscription's row until the caller's transaction ends (joining it), so another
   * module's step (e.g. a consent given) and the billing engine's decisions about this subscription
   * are serialized. Returns the subscription as locked.
   */
  public SubscriptionView lockForStep(SubscriptionId id) {
    return transactions.execute(
        status -> view(repository.lock(id.value()).orElseThrow(() -> notFound(id)).subscription()));
  }

  /** Appends a step another module took (e.g. a consent given) to the subscription's history. */
  public void recordStep(SubscriptionId id, String kind, String detail) {
    change(id, (s, now) -> s.note(now, kind, detail));
  }

  long liveSubscriptions(CustomerId customerId) {
    return repository.liveOfCustomer(customerId);
  }

  private interface Change {
    void apply(Subscription s, Instant now);
  }

  private void change(SubscriptionId id, Change change) {
    transactions.executeWithoutResult(
        status -> {
          SubscriptionRepository.Loaded loaded =
              repository.lock(id.value()).orElseThrow(() -> notFound(id));
          Subscription s = loaded.subscription();
          Instant now = clock.now().plus(loaded.clockOffset());
          change.apply(s, now);
          repository.save(s, now);
        });
  }

  SubscriptionView view(Subscription s) {
    Instant nextChargeAt =
        switch (s.status) {
          case ACTIVE, TRIALING -> s.cancelAtPeriodEnd ? null : s.nextActionAt;
          case PAST_DUE -> s.awaitingCard ? null : s.nextActionAt;
          default -> null;
        };
    Won nextAmount = null;
    if (nextChargeAt != null) {
      Won base = s.periodPaid() ? s.nextPeriodPrice() : s.price;
      Won due = base.minus(s.balance);
      // Below Toss's minimum nothing is charged: the remainder is carried to the next invoice.
      nextAmount = due.compareTo(Proration.TOSS_MINIMUM_CHARGE) < 0 ? Won.ZERO : due;
    }
    SubscriptionView.PendingChange pending =
        s.pendingPlan == null
            ? null
            : new SubscriptionView.PendingChange(
                s.pendingPlan.planId().value(),
                s.pendingPlan.name(),
                s.pendingPlan.price(),
                s.pendingPlan.interval(),
                s.periodEnd);
    return new SubscriptionView(
        s.id,
        s.customerId.value(),
        s.planId.value(),
        s.planName,
        s.status,
        s.price,
        s.interval,
        s.periodNo,
        s.periodStart,
        s.periodEnd,
        s.trialEnd,
        nextChargeAt,
        nextAmount,
        s.cancelAtPeriodEnd,
        pending,
        s.balance,
        s.hasAccess(),
        s.awaitingCard,
        s.createdAt,
        s.canceledAt,
        s.endedAt);
  }

  static ApiException notFound(SubscriptionId id) {
    return ApiException.notFound(
        "SUBSCRIPTION_NOT_FOUND",
        "구독을 찾을 수 없습니다: " + id.value(),
        "No subscription " + id.value() + ".");
  }
}
