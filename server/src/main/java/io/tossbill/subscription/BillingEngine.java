package io.tossbill.subscription;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.tossbill.billing.BillingCalendar;
import io.tossbill.billing.BillingProperties;
import io.tossbill.billing.BillingProperties.TerminalAction;
import io.tossbill.billing.Proration;
import io.tossbill.billing.TestClock;
import io.tossbill.catalog.Catalog;
import io.tossbill.catalog.Plan;
import io.tossbill.catalog.PlanId;
import io.tossbill.customer.Cards;
import io.tossbill.customer.ChargeableCard;
import io.tossbill.gateway.PaymentGateway;
import io.tossbill.payment.ChargeAttempt;
import io.tossbill.payment.ChargePurpose;
import io.tossbill.payment.NewAttempt;
import io.tossbill.payment.Payments;
import io.tossbill.platform.PollingLoop;
import io.tossbill.platform.Won;
import io.tossbill.toss.ChargeOutcome;
import io.tossbill.toss.DeclineKind;
import io.tossbill.toss.ErrorCategory;
import io.tossbill.toss.Payment;
import io.tossbill.toss.TossApiException;
import io.tossbill.toss.TossError;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Finds due subscriptions and charges them, continuously. Due work is claimed in the database in
 * batches (FOR UPDATE SKIP LOCKED), each attempt committed before Toss is called; gateway calls run
 * on virtual threads with a bounded number in flight; every outcome is written in its own
 * transaction. The janitor settles attempts whose outcome is unknown by reading them back from
 * Toss.
 */
@Component
class BillingEngine implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(BillingEngine.class);

  private final SubscriptionRepository repository;
  private final Payments payments;
  private final PaymentGateway gateway;
  private final Cards cards;
  private final Catalog catalog;
  private final TestClock clock;
  private final BillingProperties properties;
  private final ApplicationEventPublisher events;
  private final TransactionTemplate transactions;
  private final MeterRegistry meters;
  private final ChargeConsentPolicy consent;
  private final Semaphore inFlight;
  private final ExecutorService calls = Executors.newVirtualThreadPerTaskExecutor();
  private final PollingLoop loop;

  BillingEngine(
      SubscriptionRepository repository,
      Payments payments,
      PaymentGateway gateway,
      Cards cards,
      Catalog catalog,
      TestClock clock,
      BillingProperties properties,
      ApplicationEventPublisher events,
      TransactionTemplate transactions,
      MeterRegistry meters,
      ChargeConsentPolicy consent) {
    this.meters = meters;
    this.consent = consent;
    this.repository = repository;
    this.payments = payments;
    this.gateway = gateway;
    this.cards = cards;
    this.catalog = catalog;
    this.clock = clock;
    this.properties = properties;
    this.events = events;
    this.transactions = transactions;
    this.inFlight = new Semaphore(properties.worker().maxInFlight());
    this.loop =
        new PollingLoop("billing-engine", properties.worker().pollInterval(), this::runDuePass);
  }

  /** One pass: claims and charges everything due now, then settles unknown attempts. */
  int runDuePass() {
    return runDuePass(clock.now());
  }

  int runDuePass(Instant serverNow) {
    int handled = 0;
    while (true) {
      Claim claim = transactions.execute(status -> claimBatch(serverNow));
      forEachConcurrently(claim.attempts(), this::charge);
      handled += claim.claimed();
      if (claim.claimed() < properties.worker().batchSize()) {
        break;
      }
    }
    settleUnsettled(serverNow);
    return handled;
  }

  /**
   * The claim step alone: decides what is due and commits the attempts without calling Toss. The
   * seam the crash tests use to stop between "attempt recorded" and "outcome recorded".
   */
  List<ChargeAttempt> claimOnly(Instant serverNow) {
    return transactions.execute(status -> claimBatch(serverNow)).attempts();
  }

  private Claim claimBatch(Instant serverNow) {
    List<SubscriptionRepository.Loaded> due =
        repository.claimDue(serverNow, properties.worker().batchSize());
    List<ChargeAttempt> attempts = new ArrayList<>();
    for (SubscriptionRepository.Loaded loaded : due) {
      Subscription s = loaded.subscription();
      Instant now = serverNow.plus(loaded.clockOffset());
      decide(s, now).ifPresent(attempts::add);
      repository.save(s, now);
    }
    return new Claim(due.size(), attempts);
  }

  private record Claim(int claimed, List<ChargeAttempt> attempts) {}

  /** What a due subscription needs now; an attempt to send to Toss, or nothing. */
  private Optional<ChargeAttempt> decide(Subscription s, Instant now) {
    s.nextActionAt = null;
    Optional<ChargeAttempt> inFlight = payments.inFlight(s.id);
    if (inFlight.isPresent()
        && s.cancelAtPeriodEnd
        && !now.isBefore(s.periodEndInstant())
        && payments.inFlightUnreviewed(s.id).isEmpty()) {
      // Only an attempt flagged for review is in flight: it never keeps a scheduled cancel from
      // ending the subscription (a later approval is refunded, see applyOutcome).
      end(s, s.periodEndInstant(), SubscriptionStatus.CANCELED, "PERIOD_END");
      return Optional.empty();
    }
    if (inFlight.isPresent()) {
      // The janitor settles it first; look again soon, so the schedule is never lost (the outcome
      // also restores it, see restoreSchedule).
      s.nextActionAt = now.plus(properties.janitor().firstCheckAfter());
      return Optional.empty();
    }
    switch (s.status) {
      case PAUSED -> {
        // A cancel scheduled before the pause still ends the subscription at the period end.
        if (s.cancelAtPeriodEnd) {
          if (now.isBefore(s.periodEndInstant())) {
            s.nextActionAt = s.periodEndInstant();
          } else {
            end(s, s.periodEndInstant(), SubscriptionStatus.CANCELED, "PERIOD_END");
          }
        }
        return Optional.empty();
      }
      case CANCELED, EXPIRED -> {
        return Optional.empty();
      }
      case TRIALING, ACTIVE -> {
        if (s.periodPaid()) {
          if (now.isBefore(s.periodEndInstant())) {
            s.nextActionAt = s.periodEndInstant();
            return Optional.empty();
          }
          if (s.cancelAtPeriodEnd) {
            end(s, s.periodEndInstant(), SubscriptionStatus.CANCELED, "PERIOD_END");
            return Optional.empty();
          }
          Subscription.PendingPlan announced = s.pendingPlan;
          ConsentGate gate = consented(s, now);
          if (gate == ConsentGate.ENDED) {
            return Optional.empty();
          }
          s.startNextPeriod(now);
          s.note(now, "PERIOD_STARTED", s.periodStart + " ~ " + s.periodEnd);
          if (gate == ConsentGate.DEFERRED && announced != null) {
            deferIncrease(s, announced, now);
          }
        }
        return chargePeriod(s, now);
      }
      case PAST_DUE, INCOMPLETE -> {
        if (s.awaitingCard) {
          end(
              s,
              now,
              s.status == SubscriptionStatus.INCOMPLETE
                      || properties.dunning().terminalAction() == TerminalAction.EXPIRE
                  ? SubscriptionStatus.EXPIRED
                  : SubscriptionStatus.CANCELED,
              "NO_NEW_CARD");
          return Optional.empty();
        }
        return chargePeriod(s, now);
      }
    }
    return Optional.empty();
  }

  /**
   * Consent hook (전자상거래법, see docs/consent.md): before a period whose price goes up by the
   * operator's price change (a pending change of the same plan), or a trial's first paid period,
   * the consent module decides. Without consent nothing is charged: the subscription ends at the
   * period end, or a price increase is dropped where the operator allows. Subscriber-initiated plan
   * changes and decreases need no consent. A price increase the subscriber was never asked about
   * (e.g. announced just before the renewal) is DEFERRED: this period at the current price, the
   * increase moved to its end.
   */
  ConsentGate consented(Subscription s, Instant now) {
    Won before = s.price;
    Won after = s.nextPeriodPrice();
    ChargeConsentPolicy.ChangeKind kind;
    if (s.status == SubscriptionStatus.TRIALING && after.isPositive()) {
      kind = ChargeConsentPolicy.ChangeKind.TRIAL_CONVERSION;
      before = Won.ZERO;
    } else if (s.pendingPlan != null
        && s.pendingPlan.planId().equals(s.planId)
        && after.isGreaterThan(before)) {
      kind = ChargeConsentPolicy.ChangeKind.PRICE_INCREASE;
    } else {
      return ConsentGate.CHARGE;
    }
    ChargeConsentPolicy.Decision decision =
        consent.beforeCharge(
            new ChargeConsentPolicy.ConsentCheck(
                s.subscriptionId(),
                s.customerId,
                kind,
                s.periodEnd,
                s.periodEndInstant(),
                before,
                after,
                now));
    switch (decision) {
      case ChargeConsentPolicy.Allowed allowed ->
          s.note(now, "CONSENT_CONFIRMED", allowed.evidence());
      case ChargeConsentPolicy.Blocked blocked -> {
        if (kind == ChargeConsentPolicy.ChangeKind.PRICE_INCREASE
            && blocked.keepCurrentPrice()
            && blocked.askAgainNextPeriod()) {
          s.note(
              now,
              "PRICE_CHANGE_DEFERRED",
              blocked.reason()
                  + ": 동의 요청 전 갱신, "
                  + before.value()
                  + "원 유지 ("
                  + after.value()
                  + "원은 다음 기간 종료일로 연기)");
          s.pendingPlan = null;
          return ConsentGate.DEFERRED;
        }
        if (kind == ChargeConsentPolicy.ChangeKind.PRICE_INCREASE && blocked.keepCurrentPrice()) {
          s.note(
              now,
              "PRICE_CHANGE_NOT_APPLIED",
              blocked.reason() + ": " + before.value() + "원 유지 (" + after.value() + "원 미동의)");
          s.pendingPlan = null;
          return ConsentGate.CHARGE;
        }
        end(s, s.periodEndInstant(), SubscriptionStatus.CANCELED, blocked.reason());
        return ConsentGate.ENDED;
      }
    }
    return ConsentGate.CHARGE;
  }

  /** What the consent hook lets the renewal do. */
  enum ConsentGate {
    CHARGE,
    DEFERRED,
    ENDED
  }

  /**
   * The price increase the subscriber was never asked about applies from the end of the period just
   * started: scheduled again, so the consent module makes a request with a full window.
   */
  private void deferIncrease(Subscription s, Subscription.PendingPlan increase, Instant now) {
    s.pendingPlan = increase;
    s.note(
        now,
        "PRICE_CHANGE_SCHEDULED",
        s.price.value()
            + "원 → "
            + increase.price().value()
            + "원, "
            + s.periodEnd
            + "부터 (동의 요청 없이 갱신되어 연기)");
    events.publishEvent(
        new PriceChangeScheduled(
            s.subscriptionId(),
            s.customerId,
            s.planId,
            increase.name(),
            s.price,
            increase.price(),
            s.periodEnd,
            s.periodEndInstant(),
            false));
  }

  private Optional<ChargeAttempt> chargePeriod(Subscription s, Instant now) {
    Won due = s.price.minus(s.balance);
    if (due.compareTo(Proration.TOSS_MINIMUM_CHARGE) < 0) {
      // Covered by credit, or too small for Toss: paid now, a remainder carried to the next
      // invoice.
      String kind =
          s.price.isZero()
              ? "FREE_PERIOD"
              : due.isPositive() ? "CARRIED_TO_NEXT_INVOICE" : "PAID_BY_CREDIT";
      s.note(now, kind, due.value() + "원");
      paid(s, Won.ZERO, now);
      return Optional.empty();
    }
    int attemptNo = payments.nextAttemptNo(s.id, ChargePurpose.PERIOD, s.periodNo);
    // Never without a next action while live: if the outcome is lost, the next claim finds the
    // attempt in flight and looks again later (the outcome sets the real next action).
    s.nextActionAt = now.plus(properties.janitor().firstCheckAfter());
    return Optional.of(
        payments.recordAttempt(
            new NewAttempt(
                s.id,
                s.customerId,
                ChargePurpose.PERIOD,
                s.periodNo,
                attemptNo,
                s.periodStart,
                s.periodEnd,
                orderName(s),
                due,
                null),
            now));
  }

  static String orderName(Subscription s) {
    return s.planName + " " + s.periodStart + "~" + s.periodEnd;
  }

  /**
   * Sends an attempt to Toss (outside any transaction) and records the outcome. The first send
   * fixes the card; a re-send goes to that card only, never to one registered since (Toss matches
   * the Idempotency-Key per URL, which holds the billing key): if the card changed, the attempt is
   * declined without a call and dunning goes on with a new attempt on the new card.
   */
  ChargeOutcome charge(ChargeAttempt attempt) {
    ChargeOutcome outcome;
    try {
      inFlight.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      outcome = new ChargeOutcome.Unknown("interrupted", null);
      record(attempt, outcome);
      return outcome;
    }
    try {
      // The card is read only once a slot is free: after a long wait it is the current one.
      Optional<ChargeableCard> card = cards.chargeableCard(attempt.customerId());
      if (card.isEmpty()) {
        outcome =
            new ChargeOutcome.Declined(
                new TossError("NO_USABLE_CARD", "등록된 카드가 없습니다."), DeclineKind.HARD);
      } else {
        switch (payments.beginSend(attempt, card.get().id())) {
          case SEND -> outcome = send(attempt, card.get());
          case SETTLED -> {
            // someone else recorded its outcome
            return new ChargeOutcome.Unknown("settled meanwhile", null);
          }
          case OTHER_CARD -> {
            if (!otherCardDecisionDue(attempt)) {
              // Sent to the old card not long ago: Toss may still be working on it. Read it back
              // again later before giving it up.
              return new ChargeOutcome.Unknown("card changed; waiting before giving it up", null);
            }
            outcome =
                new ChargeOutcome.Declined(
                    new TossError(
                        CARD_CHANGED, "결제 시도 후 카드가 바뀌어 같은 시도를 새 카드로 보내지 않습니다. 새 시도로 다시 청구합니다."),
                    DeclineKind.SOFT);
          }
          default -> throw new IllegalStateException();
        }
      }
    } finally {
      inFlight.release();
    }
    record(attempt, outcome);
    meters
        .counter(
            "tossbill.billing.charges",
            "outcome",
            switch (outcome) {
              case ChargeOutcome.Approved a -> "approved";
              case ChargeOutcome.Declined d ->
                  d.kind() == DeclineKind.HARD ? "declined_hard" : "declined_soft";
              case ChargeOutcome.Unknown u -> "unknown";
            },
            "purpose",
            attempt.purpose().name().toLowerCase(java.util.Locale.ROOT))
        .increment();
    return outcome;
  }

  /** The code of an attempt given up because the customer's card changed after it was sent. */
  static final String CARD_CHANGED = "CARD_CHANGED";

  /**
   * Whether an attempt sent to a card since replaced may be given up: only once it was sent at
   * least pending-stale-after ago, so a send Toss may still be working on is read back again first.
   */
  private boolean otherCardDecisionDue(ChargeAttempt attempt) {
    Instant sentAt =
        payments.find(attempt.id()).map(ChargeAttempt::sentAt).orElse(attempt.sentAt());
    return sentAt == null
        || !clock.now().isBefore(sentAt.plus(properties.janitor().pendingStaleAfter()));
  }

  private ChargeOutcome send(ChargeAttempt attempt, ChargeableCard card) {
    Timer.Sample sample = Timer.start(meters);
    try {
      return gateway.charge(
          card.billingKey(), attempt.toRequest(card.customerKey()), attempt.idempotencyKey());
    } catch (TossApiException e) {
      // Toss answered with an error body (an integration error): it finished the request.
      return new ChargeOutcome.Unknown(
          "Toss refused the request: HTTP " + e.httpStatus() + " " + e.code(),
          e.error(),
          e.httpStatus());
    } catch (RuntimeException e) {
      return new ChargeOutcome.Unknown(e.getClass().getSimpleName(), null);
    } finally {
      sample.stop(meters.timer("tossbill.billing.gateway.charge"));
    }
  }

  /**
   * The code of an unknown outcome that proves Toss finished the request without a payment, or
   * null. Only a TRANSIENT code (e.g. PROVIDER_ERROR) or an INTEGRATION code answered with a 4xx
   * status other than 429: a 5xx or 429 body, an unknown code, a code saying the order may be in
   * progress or done (409, duplicate orderId), a timeout or a reset all leave the request possibly
   * alive at Toss, so the attempt is read back and re-sent with its own key, never declined.
   */
  static @Nullable String answeredCode(@Nullable TossError error, int httpStatus) {
    if (error == null) {
      return null;
    }
    ErrorCategory category = ErrorCategory.of(error.code());
    if (category != ErrorCategory.TRANSIENT && category != ErrorCategory.INTEGRATION) {
      return null;
    }
    return httpStatus >= 400 && httpStatus < 500 && httpStatus != 429 ? error.code() : null;
  }

  /**
   * Writes an outcome in its own transaction; if that fails the attempt stays pending for the
   * janitor.
   */
  void record(ChargeAttempt attempt, ChargeOutcome outcome) {
    List<Long> refunds;
    try {
      refunds = transactions.execute(status -> applyOutcome(attempt, outcome));
    } catch (RuntimeException e) {
      log.error(
          "Could not record the outcome of {}: the janitor will read it back",
          attempt.orderId(),
          e);
      return;
    }
    // A late approval for an ended subscription: its refund row committed with the outcome; send
    // it now (the janitor sends it if this fails).
    for (long refundId : refunds == null ? List.<Long>of() : refunds) {
      try {
        payments.sendPreparedRefund(refundId);
      } catch (RuntimeException e) {
        log.warn("Refund {} of late approval {} not sent now: {}", refundId, attempt.orderId(), e);
      }
    }
  }

  private List<Long> applyOutcome(ChargeAttempt attempt, ChargeOutcome outcome) {
    SubscriptionRepository.Loaded loaded = repository.lock(attempt.subscriptionId()).orElseThrow();
    Subscription s = loaded.subscription();
    Instant now = clock.now().plus(loaded.clockOffset());
    // Paused or ended since the attempt was made: the ledger records the outcome, the subscription
    // only notes it (never moves), so the pause or the end stands.
    boolean frozen = s.status == SubscriptionStatus.PAUSED || s.status.isFinal();
    List<Long> refunds = new ArrayList<>();
    switch (outcome) {
      case ChargeOutcome.Approved(Payment payment) -> {
        if (!payments.approve(attempt, payment)) {
          return refunds;
        }
        if (!payment.cancelsOrEmpty().isEmpty()) {
          payments.reconcile(payment);
        }
        if (frozen) {
          s.note(
              now,
              "LATE_APPROVAL",
              attempt.orderId() + " " + attempt.amount().value() + "원 (" + s.status + ")");
          if (s.status.isFinal()) {
            // The subscription ended while the attempt was unknown (e.g. a cancel past an attempt
            // flagged for review): nothing is owed, so the whole charge is refunded.
            payments
                .prepareRefund(attempt.id(), attempt.amount(), "해지된 구독의 늦은 승인 환불")
                .ifPresent(
                    refundId -> {
                      refunds.add(refundId);
                      s.note(
                          now,
                          "LATE_APPROVAL_REFUNDED",
                          attempt.orderId() + " " + attempt.amount().value() + "원");
                    });
          }
        } else if (attempt.purpose() == ChargePurpose.PRORATION) {
          upgraded(s, attempt, now);
        } else if (attempt.periodNo() == s.periodNo && !s.periodPaid()) {
          paid(s, attempt.amount(), now);
        } else {
          s.note(now, "LATE_APPROVAL", attempt.orderId() + " " + attempt.amount().value() + "원");
        }
      }
      case ChargeOutcome.Declined(TossError error, DeclineKind kind)
          when CARD_CHANGED.equals(error.code()) -> {
        // Not the customer's decline: the attempt is given up and a new one goes to the new card
        // now, without counting toward dunning or moving the subscription.
        if (!payments.abandonForOtherCard(attempt, error)) {
          return refunds;
        }
        if (frozen) {
          s.note(
              now, "LATE_DECLINE", attempt.orderId() + " " + error.code() + " (" + s.status + ")");
        } else if (attempt.purpose() == ChargePurpose.PRORATION) {
          s.note(now, "UPGRADE_DECLINED", error.code());
        } else if (attempt.periodNo() == s.periodNo && !s.periodPaid()) {
          s.awaitingCard = false;
          s.nextActionAt = now;
          s.note(now, "RETRY_ON_NEW_CARD", attempt.orderId());
        }
      }
      case ChargeOutcome.Declined(TossError error, DeclineKind kind) -> {
        if (!payments.decline(attempt, error, kind)) {
          return refunds;
        }
        if (frozen) {
          s.note(
              now, "LATE_DECLINE", attempt.orderId() + " " + error.code() + " (" + s.status + ")");
        } else if (attempt.purpose() == ChargePurpose.PRORATION) {
          s.note(now, "UPGRADE_DECLINED", error.code());
        } else if (attempt.periodNo() == s.periodNo && !s.periodPaid()) {
          declined(s, attempt, error, kind, now);
        }
      }
      case ChargeOutcome.Unknown(String reason, TossError error, int httpStatus) -> {
        payments.markUnknown(
            attempt,
            error == null ? reason : reason + " " + error.code(),
            answeredCode(error, httpStatus));
        if (error != null && ErrorCategory.of(error.code()) == ErrorCategory.INTEGRATION) {
          // Our request or configuration is wrong (a merchant bug), not the customer's decline:
          // the attempt stays unknown for a person to fix, read back hourly, never dunned.
          log.error(
              "Charge {} refused by Toss as an integration error {}: fix the configuration;"
                  + " the attempt is kept unknown and flagged for review",
              attempt.orderId(),
              error.code());
          meters
              .counter("tossbill.billing.charges.integration_error", "code", error.code())
              .increment();
          payments.flagForReview(attempt, clock.now(), "integration error " + error.code());
        }
        return refunds;
      }
    }
    restoreSchedule(s, now);
    repository.save(s, now);
    return refunds;
  }

  /**
   * A claim made while an attempt was in flight left the subscription without a next action; once
   * the outcome is known, put one back so the subscription is renewed (or ended) on time.
   */
  private void restoreSchedule(Subscription s, Instant now) {
    if (s.nextActionAt != null) {
      return;
    }
    switch (s.status) {
      case ACTIVE, TRIALING -> s.nextActionAt = s.periodPaid() ? s.periodEndInstant() : now;
      case PAST_DUE ->
          s.nextActionAt =
              s.awaitingCard
                  ? latest(
                      now, s.chargeInstant(s.periodStart.plusDays(properties.dunning().lastDay())))
                  : now;
      case PAUSED -> s.nextActionAt = s.cancelAtPeriodEnd ? s.periodEndInstant() : null;
      default -> {}
    }
  }

  private void paid(Subscription s, Won charged, Instant now) {
    SubscriptionStatus before = s.status;
    s.markPaid(charged);
    if (before != SubscriptionStatus.ACTIVE) {
      String kind =
          switch (before) {
            case PAST_DUE -> "RECOVERED";
            case TRIALING -> "TRIAL_CONVERTED";
            default -> "ACTIVATED";
          };
      s.moveTo(SubscriptionStatus.ACTIVE, now, kind, "");
    }
    s.note(now, "PERIOD_PAID", s.periodStart + " ~ " + s.periodEnd + " " + charged.value() + "원");
    if (before == SubscriptionStatus.INCOMPLETE) {
      events.publishEvent(
          new SubscriptionCreated(
              s.subscriptionId(),
              s.customerId,
              s.planId,
              SubscriptionStatus.ACTIVE,
              s.periodStart,
              s.periodEnd,
              s.price));
    } else {
      events.publishEvent(
          new SubscriptionRenewed(
              s.subscriptionId(),
              s.customerId,
              s.planId,
              s.periodNo,
              s.periodStart,
              s.periodEnd,
              charged));
    }
  }

  private void declined(
      Subscription s, ChargeAttempt attempt, TossError error, DeclineKind kind, Instant now) {
    if (s.status == SubscriptionStatus.INCOMPLETE) {
      s.awaitingCard = true;
      Instant expiry = s.createdAt.plus(properties.dunning().incompleteExpiresAfter());
      s.nextActionAt = expiry.isBefore(now) ? now : expiry;
      s.note(now, "FIRST_CHARGE_DECLINED", error.code());
      return;
    }
    if (s.status != SubscriptionStatus.PAST_DUE) {
      s.moveTo(SubscriptionStatus.PAST_DUE, now, "PAST_DUE", error.code() + " (" + kind + ")");
    }
    LocalDate dueDate = s.periodStart;
    List<Integer> retryDays = properties.dunning().retryDays();
    Instant nextRetry = null;
    if (kind == DeclineKind.HARD) {
      s.awaitingCard = true;
      s.nextActionAt =
          latest(now, s.chargeInstant(dueDate.plusDays(properties.dunning().lastDay())));
      s.note(now, "NEW_CARD_NEEDED", error.code() + ", " + s.nextActionAt + "까지");
    } else {
      // Attempts given up because the card changed are not retries.
      int retriesDone = Math.max(payments.countedDeclines(s.id, attempt.periodNo()) - 1, 0);
      if (retriesDone >= retryDays.size()) {
        end(
            s,
            now,
            properties.dunning().terminalAction() == TerminalAction.EXPIRE
                ? SubscriptionStatus.EXPIRED
                : SubscriptionStatus.CANCELED,
            "DUNNING_EXHAUSTED");
        return;
      }
      // On schedule (D + retry day), but never closer to this decline than the schedule's own gap,
      // so a decline that came late does not collapse the remaining retries into seconds.
      int gap =
          retryDays.get(retriesDone) - (retriesDone == 0 ? 0 : retryDays.get(retriesDone - 1));
      nextRetry =
          latest(
              s.chargeInstant(dueDate.plusDays(retryDays.get(retriesDone))),
              s.chargeInstant(BillingCalendar.businessDate(now).plusDays(gap)));
      s.nextActionAt = nextRetry;
      s.note(now, "RETRY_SCHEDULED", error.code() + ", " + nextRetry);
    }
    events.publishEvent(
        new SubscriptionPastDue(
            s.subscriptionId(),
            s.customerId,
            s.planId,
            s.periodNo,
            error.code(),
            kind.name(),
            nextRetry));
  }

  private void upgraded(Subscription s, ChargeAttempt attempt, Instant now) {
    if (attempt.targetPlanId() == null) {
      return;
    }
    Plan plan = catalog.require(new PlanId(attempt.targetPlanId()));
    s.note(
        now,
        "UPGRADED",
        s.planName + " → " + plan.name() + ", " + attempt.amount().value() + "원 일할 청구");
    s.planId = plan.id();
    s.planName = plan.name();
    s.price = plan.price();
    s.accessDuringGrace = plan.accessDuringGrace();
    s.pendingPlan = null;
  }

  /** Ends a subscription: canceled or expired, with its event. */
  void end(Subscription s, Instant at, SubscriptionStatus to, String reason) {
    s.moveTo(to, at, to.name(), reason);
    s.nextActionAt = null;
    s.cancelAtPeriodEnd = false;
    s.endedAt = at;
    if (to == SubscriptionStatus.CANCELED) {
      s.canceledAt = at;
      events.publishEvent(
          new SubscriptionCanceled(s.subscriptionId(), s.customerId, s.planId, reason, at));
    } else {
      events.publishEvent(
          new SubscriptionExpired(s.subscriptionId(), s.customerId, s.planId, reason, at));
    }
  }

  private static Instant latest(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }

  /** The janitor: settles pending attempts gone stale and unknown ones due for a read-back. */
  void settleUnsettled(Instant serverNow) {
    List<ChargeAttempt> due = payments.claimUnsettled(serverNow, properties.worker().batchSize());
    forEachConcurrently(due, attempt -> settle(attempt, serverNow));
    payments.settleUnknownRefunds(serverNow, properties.worker().batchSize());
  }

  private void settle(ChargeAttempt attempt, Instant serverNow) {
    Optional<Payment> found;
    try {
      found = gateway.findPaymentByOrderId(attempt.orderId());
    } catch (RuntimeException e) {
      payments.backOff(attempt, serverNow, "read-back failed: " + e.getClass().getSimpleName());
      return;
    }
    if (found.isEmpty()) {
      if (attempt.answeredCode() != null
          && ErrorCategory.of(attempt.answeredCode()) == ErrorCategory.INTEGRATION) {
        // A merchant bug, not the customer's decline: a person fixes it (docs/billing.md).
        payments.flagForReview(attempt, serverNow, "integration error " + attempt.answeredCode());
        return;
      }
      if (attempt.answeredCode() != null) {
        // Toss answered with an error and has no payment: nothing happened. A re-send would only
        // replay the error, so it is a (soft) decline and dunning goes on with a new attempt and
        // key.
        record(
            attempt,
            new ChargeOutcome.Declined(
                new TossError(attempt.answeredCode(), "토스페이먼츠가 오류로 응답했고 결제 기록이 없습니다."),
                DeclineKind.SOFT));
        return;
      }
      if (!payments.mayResend(attempt, serverNow)) {
        // Toss forgets the key after 15 days: a re-send now could be a fresh charge. Read back
        // only.
        payments.flagForReview(attempt, serverNow, "not found at Toss after the resend window");
        meters.counter("tossbill.billing.charges.review").increment();
        return;
      }
      // Toss never saw it: send the very same attempt (same orderId, same Idempotency-Key, same
      // card) again.
      if (charge(attempt) instanceof ChargeOutcome.Unknown unknown) {
        payments.backOff(attempt, serverNow, unknown.reason());
      }
      return;
    }
    Payment payment = found.get();
    switch (payment.status()) {
      case DONE, PARTIAL_CANCELED, CANCELED -> record(attempt, new ChargeOutcome.Approved(payment));
      case ABORTED, EXPIRED -> {
        TossError failure =
            payment.failure() != null
                ? payment.failure()
                : new TossError("ABORTED", "Toss가 결제를 승인하지 않았습니다.");
        DeclineKind kind = ErrorCategory.of(failure.code()).declineKind();
        record(
            attempt, new ChargeOutcome.Declined(failure, kind == null ? DeclineKind.SOFT : kind));
      }
      default -> payments.backOff(attempt, serverNow, "payment is " + payment.status());
    }
  }

  /** A read-back from a webhook settles an attempt we did not know the outcome of. */
  void settleFromReadBack(Payment payment) {
    payments
        .findByOrderId(payment.orderId())
        .filter(attempt -> !attempt.status().isSettled())
        .ifPresent(
            attempt -> {
              switch (payment.status()) {
                case DONE, PARTIAL_CANCELED, CANCELED ->
                    record(attempt, new ChargeOutcome.Approved(payment));
                default -> {}
              }
            });
  }

  private <T> void forEachConcurrently(List<T> items, Consumer<T> work) {
    if (items.isEmpty()) {
      return;
    }
    List<Future<?>> futures = new ArrayList<>(items.size());
    for (T item : items) {
      futures.add(calls.submit(() -> work.accept(item)));
    }
    for (Future<?> future : futures) {
      try {
        future.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (ExecutionException e) {
        log.error("A billing task failed", e.getCause());
      }
    }
  }

  /**
   * Asks for a pass now (after the clock moved or a card arrived), when this node runs the loop.
   */
  void wake() {
    if (TransactionSynchronizationManager.isSynchronizationActive()) {
      // Inside a transaction (e.g. a listener's): a pass started now would skip the row still
      // locked
      // by it (SKIP LOCKED), so ask only once it committed.
      TransactionSynchronizationManager.registerSynchronization(
          new TransactionSynchronization() {
            @Override
            public void afterCommit() {
              wakeNow();
            }
          });
      return;
    }
    wakeNow();
  }

  private void wakeNow() {
    loop.wake();
  }

  @Override
  public void start() {
    if (properties.worker().enabled()) {
      loop.start();
    }
  }

  @Override
  public void stop() {
    loop.stop();
  }

  @Override
  public boolean isRunning() {
    return loop.isRunning();
  }
}
