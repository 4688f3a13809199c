package io.tossbill.billing;

import io.tossbill.catalog.Catalog;
import io.tossbill.catalog.Plan;
import io.tossbill.catalog.PlanId;
import io.tossbill.customer.CardId;
import io.tossbill.customer.Cards;
import io.tossbill.customer.ChargeableCard;
import io.tossbill.customer.CustomerId;
import io.tossbill.customer.Customers;
import io.tossbill.payment.ChargeAttempt;
import io.tossbill.payment.ChargePurpose;
import io.tossbill.payment.ChargeSender;
import io.tossbill.payment.NewAttempt;
import io.tossbill.payment.PaymentView;
import io.tossbill.payment.Payments;
import io.tossbill.payment.RefundResult;
import io.tossbill.payment.Refunds;
import io.tossbill.platform.ApiException;
import io.tossbill.platform.Won;
import io.tossbill.testclock.TestClock;
import io.tossbill.toss.ChargeOutcome;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What merchants and subscribers do with subscriptions: subscribe, cancel (now or at period end),
 * pause, resume, change plan. Each command loads the subscription locked, calls one of its methods,
 * saves it and publishes the events it returned; a command that charges commits the attempt first
 * and sends it afterwards, outside any transaction.
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
  private final RenewalWorker worker;
  private final Payments payments;
  private final Refunds refunds;
  private final ChargeSender sender;
  private final Catalog catalog;
  private final Customers customers;
  private final Cards cards;
  private final TestClock clock;
  private final BillingProperties properties;
  private final ApplicationEventPublisher events;
  private final TransactionTemplate transactions;
  private final DiscountRedemption discounts;

  Subscriptions(
      SubscriptionRepository repository,
      RenewalWorker worker,
      Payments payments,
      Refunds refunds,
      ChargeSender sender,
      Catalog catalog,
      Customers customers,
      Cards cards,
      TestClock clock,
      BillingProperties properties,
      ApplicationEventPublisher events,
      TransactionTemplate transactions,
      DiscountRedemption discounts) {
    this.repository = repository;
    this.worker = worker;
    this.payments = payments;
    this.refunds = refunds;
    this.sender = sender;
    this.catalog = catalog;
    this.customers = customers;
    this.cards = cards;
    this.clock = clock;
    this.properties = properties;
    this.events = events;
    this.transactions = transactions;
    this.discounts = discounts;
  }

  /**
   * {@link #subscribe(CustomerId, PlanId, DiscountRedemption.Code, DiscountRedemption.Channel)}
   * without a discount code.
   */
  public SubscriptionView subscribe(CustomerId customerId, PlanId planId) {
    return subscribe(customerId, planId, null, DiscountRedemption.Channel.API);
  }

  /**
   * Subscribes a customer to a plan. A registered card is required even for a trial (card on file,
   * as Stripe does). A paid plan without trial is charged at once; if that charge fails the
   * subscription is INCOMPLETE, never active. With a discount {@code code}, the coupon module
   * redeems it in the same transaction (or refuses, and nothing is subscribed) and the first charge
   * is the discounted one; a discount that leaves less than Toss's minimum pays the first period
   * without a charge.
   */
  public SubscriptionView subscribe(
      CustomerId customerId,
      PlanId planId,
      DiscountRedemption.@Nullable Code code,
      DiscountRedemption.Channel channel) {
    customers.require(customerId);
    Plan plan = catalog.require(planId);
    if (!plan.isActive()) {
      throw ApiException.conflict("PLAN_NOT_ACTIVE", "api.PLAN_NOT_ACTIVE", plan.code());
    }
    if (!plan.isFree() && cards.currentCard(customerId).isEmpty()) {
      throw ApiException.conflict("CARD_REQUIRED", "api.CARD_REQUIRED");
    }
    Started started =
        transactions.execute(
            status -> {
              repository.lockCustomerSubscribing(customerId);
              List<SubscriptionEvent> published = new ArrayList<>();
              replaceIncomplete(customerId, planId, published);
              repository
                  .liveOnPlan(customerId, planId)
                  .ifPresent(
                      existing -> {
                        throw ApiException.conflict(
                            "SUBSCRIPTION_EXISTS", "api.SUBSCRIPTION_EXISTS", existing);
                      });
              Duration offset = clock.offset(customerId);
              Instant now = clock.now().plus(offset);
              boolean firstTime = !repository.hadSubscription(customerId, 0);
              Subscription s =
                  Subscription.start(
                      customerId,
                      PlanSnapshot.of(plan),
                      plan.trialDays(),
                      now,
                      properties.chargeTime(),
                      offset);
              repository.insert(s, now);
              if (code != null) {
                redeem(s, code, channel, firstTime, now);
              }
              ChargeAttempt attempt = null;
              ChargeableCard card = null;
              AmountDue due = s.state().currentDue();
              if (s.status() == SubscriptionStatus.INCOMPLETE
                  && due.kind() != AmountDue.Kind.CHARGE) {
                published.addAll(s.payFirstWithoutCharge(due, now));
              } else if (s.status() == SubscriptionStatus.INCOMPLETE) {
                Subscription.State st = s.state();
                card = cards.chargeableCards(List.of(customerId)).get(customerId);
                attempt =
                    payments.recordAttempt(
                        new NewAttempt(
                            s.id(),
                            customerId,
                            ChargePurpose.PERIOD,
                            st.periodNo(),
                            1,
                            st.periodStart(),
                            st.periodEnd(),
                            s.periodOrderName(),
                            due.charge(),
                            null,
                            card == null ? null : card.id(),
                            now,
                            due.discount(),
                            discountCode(st, due.discount())));
              } else {
                s.startedWithoutCharge().ifPresent(published::add);
              }
              if (code != null || !s.changes().isEmpty()) {
                repository.save(s, now);
              }
              published.forEach(events::publishEvent);
              return new Started(s.id(), attempt);
            });
    if (started.attempt() != null) {
      sender.send(started.attempt());
    }
    return view(new SubscriptionId(started.id()));
  }

  private record Started(long id, @Nullable ChargeAttempt attempt) {}

  /** Redeems {@code code} for {@code s} (in the caller's transaction) and attaches the discount. */
  private void redeem(
      Subscription s,
      DiscountRedemption.Code code,
      DiscountRedemption.Channel channel,
      boolean firstTime,
      Instant now) {
    Subscription.State st = s.state();
    DiscountTerms terms =
        discounts.redeem(
            new DiscountRedemption.Request(
                s.subscriptionId(),
                s.customerId(),
                st.plan().planId(),
                firstTime,
                code,
                channel,
                now));
    s.applyDiscount(terms.from(s.firstDiscountedPeriod()), now);
  }

  /** The code the ledger records beside a discount of {@code off} won, if any. */
  static @Nullable String discountCode(Subscription.State st, Won off) {
    Discount d = st.discount();
    return off.isPositive() && d != null ? d.code() : null;
  }

  /**
   * Whether the customer never had a subscription: none that started (a trial or a paid period) and
   * none still live. What a coupon for first-time customers asks.
   */
  public boolean isFirstTimeCustomer(CustomerId customerId) {
    return !repository.hadSubscription(customerId, 0);
  }

  /**
   * Gives a live subscription a discount: the coupon module redeems {@code code} (counted once, or
   * refused and nothing changes) and the discount replaces the one it held, from the first period
   * not yet paid. Refused while a charge is in flight (its amount was fixed without it).
   */
  public SubscriptionView applyDiscount(
      SubscriptionId id, DiscountRedemption.Code code, DiscountRedemption.Channel channel) {
    change(
        id,
        (s, now) -> {
          if (s.status().isFinal()) {
            throw SubscriptionStatus.illegal(s.status(), "apply a discount");
          }
          requireNothingInFlight(s);
          boolean firstTime = !repository.hadSubscription(s.customerId(), s.id());
          redeem(s, code, channel, firstTime, now);
        });
    return view(id);
  }

  /** Takes a subscription's discount off: its next charges are the full price (409 NO_DISCOUNT). */
  public SubscriptionView removeDiscount(SubscriptionId id) {
    change(
        id,
        (s, now) -> {
          requireNothingInFlight(s);
          s.removeDiscount(now);
        });
    return view(id);
  }

  /**
   * An incomplete subscription (first charge failed) does not keep the customer from subscribing
   * again: a new subscribe expires it, unless its first charge is still in flight (409
   * CHARGE_IN_FLIGHT: its outcome may still activate it).
   */
  private void replaceIncomplete(
      CustomerId customerId, PlanId planId, List<SubscriptionEvent> published) {
    for (Subscription s : repository.lockOfCustomer(customerId)) {
      if (s.status() != SubscriptionStatus.INCOMPLETE
          || !s.state().plan().planId().equals(planId)) {
        continue;
      }
      if (payments.inFlight(s.id()).isPresent()) {
        throw chargeInFlight();
      }
      Instant now = nowOf(s);
      published.add(s.replaced(now));
      repository.save(s, now);
    }
  }

  public SubscriptionView view(SubscriptionId id) {
    return view(repository.find(id.value()).orElseThrow(() -> notFound(id)).state());
  }

  /** The subscriptions among {@code ids} that exist, by id: one statement for a batch. */
  public Map<SubscriptionId, SubscriptionView> views(Collection<SubscriptionId> ids) {
    Map<SubscriptionId, SubscriptionView> found = new HashMap<>();
    for (Subscription s :
        repository.find(ids.stream().map(SubscriptionId::value).distinct().toList())) {
      SubscriptionView view = view(s.state());
      found.put(new SubscriptionId(view.id()), view);
    }
    return found;
  }

  public List<SubscriptionView> ofCustomer(CustomerId customerId) {
    return repository.ofCustomer(customerId).stream().map(s -> view(s.state())).toList();
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
        throw ApiException.badRequest("INVALID_REQUEST", "api.INVALID_REQUEST.4");
      }
      change(id, (s, now) -> s.scheduleCancel(now).ifPresent(events::publishEvent));
      return new CancelResult(view(id), null, null, List.of());
    }
    // The refund rows are written (PENDING) in the cancel's own transaction and sent after it
    // commits: a crash in between leaves them for the janitor, never a canceled subscription
    // without its refund.
    List<Long> refundIds =
        transactions.execute(
            status -> {
              Subscription s = repository.lock(id.value()).orElseThrow(() -> notFound(id));
              Instant now = nowOf(s);
              s.status().requireMoveTo(SubscriptionStatus.CANCELED);
              // An attempt flagged for review never blocks a cancel: if Toss approves it later, it
              // is approved late and refunded.
              if (payments.inFlightUnreviewed(s.id()).isPresent()) {
                throw chargeInFlight();
              }
              List<Long> toSend = new ArrayList<>();
              Subscription.State st = s.state();
              if (refund == RefundMode.PRORATED && st.periodNo() >= 1 && st.periodPaid()) {
                long daysLeft = st.period().daysLeft(BillingCalendar.businessDate(now));
                for (ChargeAttempt paid : payments.approvedChargesOfPeriod(s.id(), st.periodNo())) {
                  // Each charge refunds its own unused days: the period charge covers the whole
                  // period, an upgrade charge the days from its upgrade to the period end.
                  long covered =
                      paid.purpose() == ChargePurpose.PERIOD
                          ? st.period().days()
                          : st.period().daysLeft(BillingCalendar.businessDate(paid.requestedAt()));
                  if (covered <= 0) {
                    continue;
                  }
                  long left = Math.min(daysLeft, covered);
                  Won amount = Proration.prorate(paid.amount(), left, covered);
                  if (!amount.isPositive()) {
                    continue;
                  }
                  refunds
                      .prepareRefund(paid.id(), amount, "구독 해지 일할 환불")
                      .ifPresent(
                          refundId -> {
                            toSend.add(refundId);
                            s.proratedRefund(paid.orderId(), left, covered, amount, now);
                          });
                }
              }
              SubscriptionEvent canceled = s.cancelNow(now);
              repository.save(s, now);
              events.publishEvent(canceled);
              return toSend;
            });
    List<RefundResult> results = new ArrayList<>();
    String failure = null;
    for (long refundId : refundIds == null ? List.<Long>of() : refundIds) {
      try {
        results.add(refunds.sendPrepared(refundId));
      } catch (ApiException e) {
        failure = failure == null ? e.code() : failure;
      }
    }
    return new CancelResult(
        view(id), results.isEmpty() ? null : results.getFirst(), failure, List.copyOf(results));
  }

  /** Takes back a cancel at period end before the period ends. */
  public SubscriptionView undoCancel(SubscriptionId id) {
    change(id, (s, now) -> s.undoCancel(now));
    return view(id);
  }

  /**
   * Pauses: nothing is charged until resume. Only a paid period with no charge in flight can be
   * paused (an outcome arriving later would otherwise undo the pause or charge twice).
   */
  public SubscriptionView pause(SubscriptionId id) {
    change(
        id,
        (s, now) -> {
          s.status().requireMoveTo(SubscriptionStatus.PAUSED);
          requireNothingInFlight(s);
          events.publishEvent(s.pause(now));
        });
    return view(id);
  }

  /** Resumes a pause (see {@link Subscription#resume}); a new period is charged at once. */
  public SubscriptionView resume(SubscriptionId id) {
    change(id, (s, now) -> s.resume(now).forEach(events::publishEvent));
    worker.wake();
    return view(id);
  }

  /**
   * Charges a past-due (or incomplete) subscription's unpaid period again now, for staff after the
   * customer fixed what declined; 409 ILLEGAL_TRANSITION for any other status.
   */
  public SubscriptionView retryNow(SubscriptionId id) {
    change(id, (s, now) -> s.retryNow(now));
    worker.wake();
    return view(id);
  }

  /**
   * Gives a trialing subscriber {@code days} more days free; the first paid charge (and the consent
   * it needs) moves with the trial's end.
   */
  public SubscriptionView extendTrial(SubscriptionId id, int days) {
    change(id, (s, now) -> s.extendTrial(days, now).ifPresent(events::publishEvent));
    return view(id);
  }

  /** What changing to {@code planId} would charge now; {@link #changePlan} charges exactly this. */
  public ChangePreview preview(SubscriptionId id, PlanId planId) {
    Plan target = catalog.require(planId);
    Subscription s = repository.find(id.value()).orElseThrow(() -> notFound(id));
    return PlanChangeQuote.quote(s.state(), target, nowOf(s));
  }

  /** {@link #changePlan(SubscriptionId, PlanId, Won)} without a quote to hold it to. */
  public SubscriptionView changePlan(SubscriptionId id, PlanId planId) {
    return changePlan(id, planId, null);
  }

  /**
   * Upgrades now with a prorated charge, or schedules a downgrade (or other interval) at period
   * end. With {@code expectedDueNow} (the preview's {@code amountDueNow}), a quote that changed
   * meanwhile (a catalog price, a day passing) is refused with 409 {@code QUOTE_CHANGED} instead of
   * charging another amount than the one shown.
   */
  public SubscriptionView changePlan(
      SubscriptionId id, PlanId planId, @Nullable Won expectedDueNow) {
    Plan target = catalog.require(planId);
    ChargeAttempt attempt =
        transactions.execute(
            status -> {
              Subscription s = repository.lock(id.value()).orElseThrow(() -> notFound(id));
              Instant now = nowOf(s);
              ChangePreview quote = PlanChangeQuote.quote(s.state(), target, now);
              if (expectedDueNow != null && !expectedDueNow.equals(quote.amountDueNow())) {
                throw ApiException.conflict(
                    "QUOTE_CHANGED",
                    "api.QUOTE_CHANGED",
                    expectedDueNow.value(),
                    quote.amountDueNow().value());
              }
              PlanSnapshot snapshot = PlanSnapshot.of(target);
              ChargeAttempt toCharge = null;
              switch (quote.kind()) {
                case "SCHEDULED" -> s.schedulePlanChange(snapshot, now);
                case "UPGRADE_NOW" -> {
                  requireNothingInFlight(s);
                  if (quote.amountDueNow().isPositive()) {
                    Subscription.State st = s.state();
                    Won off = quote.discount();
                    int n = payments.nextAttemptNo(s.id(), ChargePurpose.PRORATION, st.periodNo());
                    ChargeableCard card =
                        cards.chargeableCards(List.of(s.customerId())).get(s.customerId());
                    toCharge =
                        payments.recordAttempt(
                            new NewAttempt(
                                s.id(),
                                s.customerId(),
                                ChargePurpose.PRORATION,
                                st.periodNo(),
                                n,
                                st.periodStart(),
                                st.periodEnd(),
                                s.upgradeOrderName(snapshot),
                                quote.amountDueNow(),
                                target.id().value(),
                                card == null ? null : card.id(),
                                now,
                                off,
                                discountCode(st, off)));
                    s.requestUpgrade(snapshot, quote.amountDueNow(), now);
                  } else {
                    s.switchPlan(snapshot, quote.carriedToNextInvoice(), now)
                        .forEach(events::publishEvent);
                  }
                }
                default -> s.switchPlan(snapshot, Won.ZERO, now).forEach(events::publishEvent);
              }
              repository.save(s, now);
              return toCharge;
            });
    if (attempt != null && sender.send(attempt) instanceof ChargeOutcome.Declined declined) {
      throw new ApiException(
          HttpStatus.PAYMENT_REQUIRED,
          "PAYMENT_DECLINED",
          "api.PAYMENT_DECLINED",
          declined.error().message(),
          declined.error().code());
    }
    return view(id);
  }

  private void requireNothingInFlight(Subscription s) {
    if (payments.inFlight(s.id()).isPresent()) {
      throw chargeInFlight();
    }
  }

  private static ApiException chargeInFlight() {
    return ApiException.conflict("CHARGE_IN_FLIGHT", "api.CHARGE_IN_FLIGHT.2");
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
                  for (Subscription s : repository.lockOfCustomer(customerId)) {
                    CardId declinedOn =
                        payments.lastPeriodAttempt(s.id()).map(ChargeAttempt::cardId).orElse(null);
                    if (declinedOn != null && declinedOn.value() >= cardId.value()) {
                      continue;
                    }
                    Instant now = nowOf(s);
                    if (s.retryWithNewCard(now)) {
                      repository.save(s, now);
                      any = true;
                    }
                  }
                  return any;
                }));
    if (retry) {
      worker.wake();
    }
  }

  /**
   * The customer's card stopped working (e.g. deleted at Toss): noted on each live subscription.
   */
  void cardUnusable(CustomerId customerId, String reason) {
    transactions.executeWithoutResult(
        status -> {
          for (Subscription s : repository.lockOfCustomer(customerId)) {
            Instant now = nowOf(s);
            s.cardUnusable(reason, now);
            repository.save(s, now);
          }
        });
  }

  /**
   * A plan's new price applies to its existing subscriptions from their next period. The price is
   * the plan's current one, not the event's, so an event delivered again or out of order changes
   * nothing twice and never goes back to an older price.
   */
  void planPriceChanged(PlanId planId) {
    PlanSnapshot current = PlanSnapshot.of(catalog.require(planId));
    transactions.executeWithoutResult(
        status -> {
          for (Subscription s : repository.lockLiveOnPlan(planId)) {
            Instant now = nowOf(s);
            Optional<PriceChangeScheduled> scheduled = s.priceChanged(current, now);
            if (scheduled.isPresent()) {
              repository.save(s, now);
              events.publishEvent(scheduled.get());
            }
          }
        });
  }

  /** A customer's test clock moved: their subscriptions are due by their new time. */
  void clockMoved(CustomerId customerId, Duration offset) {
    transactions.executeWithoutResult(
        status -> {
          List<Subscription> mine = repository.lockOfCustomer(customerId);
          mine.forEach(s -> s.clockMoved(offset));
          repository.save(mine, clock.now());
        });
    worker.wake();
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
          Subscription s = repository.lock(id.value()).orElseThrow(() -> notFound(id));
          Instant now = nowOf(s);
          change.apply(s, now);
          repository.save(s, now);
        });
  }

  /** The subscriber's now: the server's, plus their test clock's offset (zero in production). */
  private Instant nowOf(Subscription s) {
    return clock.now().plus(s.state().clockOffset());
  }

  static SubscriptionView view(Subscription.State s) {
    Instant nextChargeAt =
        switch (s.status()) {
          case ACTIVE, TRIALING -> s.cancelAtPeriodEnd() ? null : s.nextActionAt();
          case PAST_DUE -> s.awaitingCard() ? null : s.nextActionAt();
          default -> null;
        };
    Won nextAmount = null;
    Won nextDiscount = null;
    if (nextChargeAt != null) {
      AmountDue next = s.periodPaid() ? s.dueOf(s.nextPlan(), s.periodNo() + 1) : s.currentDue();
      nextAmount = next.charge();
      nextDiscount = next.discount();
    }
    Discount discount = s.discount();
    PlanSnapshot pendingPlan = s.pendingPlan();
    SubscriptionView.PendingChange pending =
        pendingPlan == null
            ? null
            : new SubscriptionView.PendingChange(
                pendingPlan.planId().value(),
                pendingPlan.name(),
                pendingPlan.price(),
                pendingPlan.interval(),
                s.periodEnd());
    return new SubscriptionView(
        s.id(),
        s.customerId().value(),
        s.plan().planId().value(),
        s.plan().name(),
        s.status(),
        s.plan().price(),
        s.plan().interval(),
        s.periodNo(),
        s.periodStart(),
        s.periodEnd(),
        s.trialEnd(),
        nextChargeAt,
        nextAmount,
        s.cancelAtPeriodEnd(),
        pending,
        s.balance(),
        s.hasAccess(),
        s.awaitingCard(),
        s.createdAt(),
        s.canceledAt(),
        s.endedAt(),
        discount == null
            ? null
            : new SubscriptionView.AppliedDiscount(
                discount.couponId(),
                discount.promotionCodeId(),
                discount.code(),
                discount.percentOff() == 0 ? null : discount.percentOff(),
                discount.amountOff().isZero() ? null : discount.amountOff(),
                discount.firstPeriod(),
                discount.lastPeriod(),
                discount.plans().stream().map(p -> p.value()).sorted().toList()),
        nextDiscount);
  }

  static ApiException notFound(SubscriptionId id) {
    return ApiException.notFound(
        "SUBSCRIPTION_NOT_FOUND", "api.SUBSCRIPTION_NOT_FOUND.2", id.value());
  }
}
