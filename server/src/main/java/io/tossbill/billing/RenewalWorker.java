package io.tossbill.billing;

import io.tossbill.customer.Cards;
import io.tossbill.customer.ChargeableCard;
import io.tossbill.customer.CustomerId;
import io.tossbill.payment.ChargeAttempt;
import io.tossbill.payment.ChargePurpose;
import io.tossbill.payment.ChargeSender;
import io.tossbill.payment.NewAttempt;
import io.tossbill.payment.PaymentProperties;
import io.tossbill.payment.Payments;
import io.tossbill.testclock.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
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
 * The renewal worker of this node: claims due subscriptions in the database ({@code FOR UPDATE SKIP
 * LOCKED}, so nodes share the work and never take the same row), decides each with {@link
 * RenewalDecision}, applies the decision to the subscription, records the charge attempts, commits,
 * and only then hands the attempts to {@link ChargeSender}. It claims again while calls are in
 * flight, as long as the sender has free slots (backpressure), so a slow gateway never stops the
 * claims and a fast one is never waited for batch by batch. Outcomes come back through the payment
 * module into {@link ChargeOutcomeApplier}.
 */
@Component
public class RenewalWorker implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(RenewalWorker.class);

  private final SubscriptionRepository repository;
  private final Payments payments;
  private final ChargeSender sender;
  private final Cards cards;
  private final ChargeConsentPolicy consent;
  private final TestClock clock;
  private final BillingProperties properties;
  private final int maxInFlight;
  private final ApplicationEventPublisher events;
  private final TransactionTemplate transactions;
  private final AtomicInteger outstanding = new AtomicInteger();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition signal = lock.newCondition();
  private boolean woken;
  private volatile boolean running;
  private volatile @Nullable Thread thread;

  RenewalWorker(
      SubscriptionRepository repository,
      Payments payments,
      ChargeSender sender,
      Cards cards,
      ChargeConsentPolicy consent,
      TestClock clock,
      BillingProperties properties,
      PaymentProperties paymentProperties,
      ApplicationEventPublisher events,
      TransactionTemplate transactions) {
    this.repository = repository;
    this.payments = payments;
    this.sender = sender;
    this.cards = cards;
    this.consent = consent;
    this.clock = clock;
    this.properties = properties;
    this.maxInFlight = paymentProperties.maxInFlight();
    this.events = events;
    this.transactions = transactions;
  }

  /** An attempt to send, with the card loaded for it in the claim. */
  record ToSend(ChargeAttempt attempt, @Nullable ChargeableCard card) {}

  /** What one claim took: how many subscriptions, and the attempts it recorded. */
  record Claimed(int claimed, List<ToSend> toSend) {}

  /**
   * One claim: up to {@code limit} subscriptions due at the server's {@code serverNow}, each
   * decided and changed, their attempts recorded, all committed in one transaction before anything
   * is sent.
   */
  Claimed claim(Instant serverNow, int limit) {
    Claimed claimed = transactions.execute(status -> claimInTransaction(serverNow, limit));
    return claimed == null ? new Claimed(0, List.of()) : claimed;
  }

  private Claimed claimInTransaction(Instant serverNow, int limit) {
    List<Subscription> due = repository.claimDue(serverNow, limit);
    if (due.isEmpty()) {
      return new Claimed(0, List.of());
    }
    List<Long> ids = due.stream().map(Subscription::id).toList();
    Map<Long, Boolean> inFlight = payments.inFlightOf(ids);
    Duration recheck = properties.worker().recheckAfter();
    DunningSchedule dunning = properties.dunningSchedule();
    List<SubscriptionEvent> published = new ArrayList<>();
    Map<Subscription, io.tossbill.platform.Won> toCharge = new java.util.LinkedHashMap<>();
    for (Subscription s : due) {
      Instant now = serverNow.plus(s.state().clockOffset());
      Boolean reviewOnly = inFlight.get(s.id());
      RenewalDecision.InFlight flight =
          reviewOnly == null
              ? RenewalDecision.InFlight.NONE
              : reviewOnly
                  ? RenewalDecision.InFlight.REVIEW_ONLY
                  : RenewalDecision.InFlight.BLOCKING;
      RenewalDecision.Consent answer =
          flight == RenewalDecision.InFlight.NONE
              ? RenewalDecision.consentQuestion(s.state(), now)
                  .map(q -> ask(s, q, now))
                  .orElse(new RenewalDecision.NotNeeded())
              : new RenewalDecision.NotNeeded();
      RenewalDecision.Renewal decision =
          RenewalDecision.decide(s.state(), flight, answer, now, recheck, dunning);
      Subscription.Renewed renewed = s.renew(decision, now, recheck);
      published.addAll(renewed.events());
      renewed.charge().ifPresent(amount -> toCharge.put(s, amount));
    }
    List<ToSend> toSend = record(toCharge, serverNow);
    repository.save(due, serverNow);
    published.forEach(events::publishEvent);
    return new Claimed(due.size(), toSend);
  }

  /** Records the period charges of a claim (one statement), bound to the customers' cards. */
  private List<ToSend> record(
      Map<Subscription, io.tossbill.platform.Won> toCharge, Instant serverNow) {
    if (toCharge.isEmpty()) {
      return List.of();
    }
    Map<Long, Integer> periods = new HashMap<>();
    toCharge.keySet().forEach(s -> periods.put(s.id(), s.state().periodNo()));
    Map<Long, Integer> attemptNos = payments.nextAttemptNos(periods, ChargePurpose.PERIOD);
    Map<CustomerId, ChargeableCard> current =
        cards.chargeableCards(toCharge.keySet().stream().map(Subscription::customerId).toList());
    List<NewAttempt> attempts = new ArrayList<>();
    List<ChargeableCard> cardOf = new ArrayList<>();
    toCharge.forEach(
        (s, amount) -> {
          Subscription.State st = s.state();
          io.tossbill.platform.Won off = st.currentDue().discount();
          ChargeableCard card = current.get(s.customerId());
          cardOf.add(card);
          attempts.add(
              new NewAttempt(
                  s.id(),
                  s.customerId(),
                  ChargePurpose.PERIOD,
                  st.periodNo(),
                  attemptNos.get(s.id()),
                  st.periodStart(),
                  st.periodEnd(),
                  s.periodOrderName(),
                  amount,
                  null,
                  card == null ? null : card.id(),
                  serverNow.plus(st.clockOffset()),
                  off,
                  Subscriptions.discountCode(st, off)));
        });
    List<ChargeAttempt> recorded = payments.recordAttempts(attempts);
    List<ToSend> toSend = new ArrayList<>(recorded.size());
    for (int i = 0; i < recorded.size(); i++) {
      toSend.add(new ToSend(recorded.get(i), cardOf.get(i)));
    }
    return toSend;
  }

  /** Asks the consent module about the change at the period end, in this transaction. */
  private RenewalDecision.Consent ask(
      Subscription s, RenewalDecision.ConsentQuestion question, Instant now) {
    Subscription.State st = s.state();
    ChargeConsentPolicy.Decision decision =
        consent.beforeCharge(
            new ChargeConsentPolicy.ConsentCheck(
                s.subscriptionId(),
                s.customerId(),
                question.kind(),
                st.periodEnd(),
                st.periodEndInstant(),
                question.priceBefore(),
                question.priceAfter(),
                now));
    return switch (decision) {
      case ChargeConsentPolicy.Allowed allowed ->
          new RenewalDecision.Given(allowed.evidence(), allowed.consentedPrice());
      case ChargeConsentPolicy.Blocked blocked -> {
        boolean increase = question.kind() == ChargeConsentPolicy.ChangeKind.PRICE_INCREASE;
        if (increase && blocked.keepCurrentPrice() && blocked.askAgainNextPeriod()) {
          yield new RenewalDecision.Deferred(blocked.reason());
        }
        if (increase && blocked.keepCurrentPrice()) {
          yield new RenewalDecision.KeepPrice(blocked.reason());
        }
        yield new RenewalDecision.Refused(blocked.reason());
      }
    };
  }

  // ---- running it

  /**
   * Renews everything due at the server's {@code serverNow}: claims until nothing more is due,
   * sends, and returns once every outcome is recorded. What the background worker does
   * continuously; tests call it to run one pass by hand.
   */
  public int runDuePass(Instant serverNow) {
    int handled = 0;
    List<CompletableFuture<?>> sent = new ArrayList<>();
    while (true) {
      int limit = properties.worker().batchSize();
      Claimed claimed = claim(serverNow, limit);
      handled += claimed.claimed();
      for (ToSend s : claimed.toSend()) {
        sent.add(sender.sendAsync(s.attempt(), s.card()));
      }
      if (claimed.claimed() < limit) {
        break;
      }
    }
    CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).join();
    return handled;
  }

  /** {@link #runDuePass(Instant)} at the server's now. */
  public int runDuePass() {
    return runDuePass(clock.now());
  }

  /**
   * Claims and commits attempts without sending them: the seam the crash tests use to stop between
   * "attempt recorded" and "outcome recorded".
   */
  public List<ChargeAttempt> claimOnly(Instant serverNow) {
    return claim(serverNow, properties.worker().batchSize()).toSend().stream()
        .map(ToSend::attempt)
        .toList();
  }

  private void work() {
    while (running) {
      try {
        int free = maxInFlight - outstanding.get();
        int limit = Math.min(properties.worker().batchSize(), free);
        if (limit < Math.max(1, Math.min(properties.worker().batchSize(), maxInFlight) / 4)) {
          await(properties.worker().pollInterval()); // wait for calls to finish
          continue;
        }
        Claimed claimed = claim(clock.now(), limit);
        for (ToSend s : claimed.toSend()) {
          outstanding.incrementAndGet();
          sender
              .sendAsync(s.attempt(), s.card())
              .whenComplete(
                  (outcome, failure) -> {
                    outstanding.decrementAndGet();
                    signal();
                  });
        }
        if (claimed.claimed() < limit) {
          await(properties.worker().pollInterval()); // nothing more due now
        }
      } catch (RuntimeException e) {
        log.error("A renewal claim failed; the worker tries again", e);
        await(properties.worker().pollInterval());
      }
    }
  }

  private void await(Duration timeout) {
    lock.lock();
    try {
      if (!woken && running) {
        signal.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
      }
      woken = false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
    } finally {
      lock.unlock();
    }
  }

  private void signal() {
    lock.lock();
    try {
      woken = true;
      signal.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Asks for a claim now (the clock moved, a card arrived). Inside a transaction it waits for the
   * commit: a claim started now would skip the row still locked by it.
   */
  void wake() {
    if (TransactionSynchronizationManager.isSynchronizationActive()) {
      TransactionSynchronizationManager.registerSynchronization(
          new TransactionSynchronization() {
            @Override
            public void afterCommit() {
              signal();
            }
          });
      return;
    }
    signal();
  }

  /** The attempts this node has handed to the sender and not yet seen recorded. */
  int outstanding() {
    return outstanding.get();
  }

  @Override
  public void start() {
    if (!properties.worker().enabled() || running) {
      return;
    }
    running = true;
    thread = Thread.ofPlatform().name("renewal-worker").daemon().start(this::work);
  }

  @Override
  public void stop() {
    running = false;
    signal();
    Thread current = thread;
    if (current != null) {
      try {
        current.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }
}
