package io.tossbill.payment;

import io.micrometer.core.instrument.MeterRegistry;
import io.tossbill.toss.DeclineKind;
import io.tossbill.toss.Payment;
import io.tossbill.toss.TossError;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Records what Toss answered, in a new transaction, together with what the charge paid for ({@link
 * ChargeSettlement}): the outcome applier's payment half. Outcomes arriving from many calls in
 * flight are written in batches, one transaction each, by one writer thread; a batch that fails is
 * written again one outcome at a time, and an outcome that still cannot be written is left to the
 * janitor (the attempt stays pending or unknown and is read back). Refunds the batch decided (late
 * approvals) are recorded with it and sent after its commit.
 */
@Component
class ChargeOutcomes implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(ChargeOutcomes.class);

  /** What to record about one attempt. */
  sealed interface Settle {
    PaymentId id();
  }

  /** Toss shows the payment done (charged, or read back DONE or partly canceled). */
  record Approve(PaymentId id, Payment payment) implements Settle {}

  /** Toss declined, or the payment was read back aborted or expired. */
  record Decline(PaymentId id, TossError error, DeclineKind kind) implements Settle {}

  /** Given up: the card changed after it was sent. */
  record Abandon(PaymentId id, TossError reason) implements Settle {}

  /**
   * Nobody knows yet. {@code answeredCode}: Toss finished the request without a payment; {@code
   * integration}: Toss refused it as wrong, a person has to fix the configuration.
   */
  record Unknown(PaymentId id, String reason, @Nullable String answeredCode, boolean integration)
      implements Settle {}

  /** Read back canceled in full at Toss: the money went back, it pays nothing. */
  record CanceledAtToss(PaymentId id, Payment payment) implements Settle {}

  private record Queued(Settle settle, CompletableFuture<Void> done) {}

  private final PaymentRepository repository;
  private final Refunds refunds;
  private final ChargeSettlement settlement;
  private final Clock clock;
  private final PaymentProperties properties;
  private final ApplicationEventPublisher events;
  private final TransactionTemplate transactions;
  private final MeterRegistry meters;
  private final BlockingQueue<Queued> queue = new LinkedBlockingQueue<>();
  private volatile @Nullable Thread writer;
  private volatile boolean running;

  ChargeOutcomes(
      PaymentRepository repository,
      Refunds refunds,
      ChargeSettlement settlement,
      Clock clock,
      PaymentProperties properties,
      ApplicationEventPublisher events,
      TransactionTemplate transactions,
      MeterRegistry meters) {
    this.repository = repository;
    this.refunds = refunds;
    this.settlement = settlement;
    this.clock = clock;
    this.properties = properties;
    this.events = events;
    this.transactions = transactions;
    this.meters = meters;
  }

  /**
   * Queues an outcome for the writer; the future completes once it is committed (or failed and left
   * to the janitor). Written at once on the caller's thread when the writer is not running.
   */
  CompletableFuture<Void> submit(Settle settle) {
    if (!running) {
      return record(List.of(settle));
    }
    CompletableFuture<Void> done = new CompletableFuture<>();
    queue.add(new Queued(settle, done));
    return done;
  }

  /** Records outcomes now, on this thread, in one transaction (one at a time if that fails). */
  CompletableFuture<Void> record(List<Settle> batch) {
    List<Long> toSend = new ArrayList<>();
    try {
      toSend.addAll(write(batch));
    } catch (RuntimeException batchFailure) {
      if (batch.size() == 1) {
        log.error(
            "Could not record the outcome of payment {}: the janitor will read it back",
            batch.getFirst().id().value(),
            batchFailure);
        sendAfterCommit(toSend);
        return CompletableFuture.failedFuture(batchFailure);
      }
      for (Settle one : batch) {
        try {
          toSend.addAll(write(List.of(one)));
        } catch (RuntimeException e) {
          log.error(
              "Could not record the outcome of payment {}: the janitor will read it back",
              one.id().value(),
              e);
        }
      }
    }
    sendAfterCommit(toSend);
    return CompletableFuture.completedFuture(null);
  }

  /**
   * One transaction: the ledger, what the charges paid for, the events; returns refunds to send.
   */
  private List<Long> write(List<Settle> batch) {
    List<Long> result =
        transactions.execute(
            status -> {
              Instant now = clock.instant();
              Map<Long, Charge> charges = new HashMap<>();
              for (Charge c : repository.lock(batch.stream().map(s -> s.id().value()).toList())) {
                charges.put(c.id(), c);
              }
              List<ChargeSettlement.Outcome> forBilling = new ArrayList<>();
              Map<Integer, Approve> approvals = new LinkedHashMap<>();
              List<Object> published = new ArrayList<>();
              List<Long> refundIds = new ArrayList<>();
              for (Settle s : batch) {
                Charge c = charges.get(s.id().value());
                if (c == null) {
                  continue;
                }
                switch (s) {
                  case Approve a -> {
                    switch (c.check(a.payment())) {
                      case MATCHES -> {
                        approvals.put(forBilling.size(), a);
                        forBilling.add(new ChargeSettlement.Approved(c.attempt()));
                      }
                      case AFTER_DECLINE -> {
                        published.add(
                            c.approveLate(
                                a.payment(), "Toss approved it after it was given up", now));
                        refunds
                            .prepareUpTo(c, c.amount(), "포기한 결제의 늦은 승인 환불", now)
                            .ifPresent(refundIds::add);
                        forBilling.add(
                            new ChargeSettlement.Late(
                                c.attempt(), "approved after it was given up"));
                      }
                      case ALREADY_RECORDED -> {}
                      case MISMATCH -> {
                        log.error(
                            "Toss's payment {} of {} won does not match attempt {} of {}: it pays"
                                + " nothing and is flagged for review",
                            a.payment().orderId(),
                            a.payment().totalAmount(),
                            c.orderId(),
                            c.amount());
                        c.mismatch(a.payment(), now.plus(properties.janitor().maxBackoff()), now);
                      }
                    }
                  }
                  case Decline d ->
                      c.decline(d.error(), d.kind(), now)
                          .ifPresent(
                              failed -> {
                                published.add(failed);
                                forBilling.add(
                                    new ChargeSettlement.Declined(
                                        c.attempt(),
                                        d.error(),
                                        d.kind(),
                                        (int)
                                                repository.countedDeclines(
                                                    c.subscriptionId(), c.attempt().periodNo())
                                            + 1));
                              });
                  case Abandon ab -> {
                    if (c.abandon(ab.reason(), now)) {
                      forBilling.add(new ChargeSettlement.Abandoned(c.attempt(), ab.reason()));
                    }
                  }
                  case Unknown u -> {
                    if (c.unknown(
                            u.reason(),
                            u.answeredCode(),
                            now.plus(properties.janitor().firstCheckAfter()),
                            now)
                        && u.integration()) {
                      // Our request or configuration is wrong (a merchant bug), not the customer's
                      // decline: kept unknown for a person, read back hourly, never dunned.
                      log.error(
                          "Charge {} refused by Toss as an integration error {}: fix the"
                              + " configuration; the attempt is kept unknown and flagged for review",
                          c.orderId(),
                          u.answeredCode());
                      meters
                          .counter(
                              "tossbill.billing.charges.integration_error",
                              "code",
                              String.valueOf(u.answeredCode()))
                          .increment();
                      c.flagForReview(
                          "integration error " + u.answeredCode(),
                          now.plus(properties.janitor().maxBackoff()),
                          now);
                    }
                  }
                  case CanceledAtToss x -> {
                    if (c.check(x.payment()) == Charge.ApprovalCheck.MATCHES
                        || c.check(x.payment()) == Charge.ApprovalCheck.AFTER_DECLINE) {
                      boolean wasUnsettled = !c.status().isSettled();
                      published.add(c.approveLate(x.payment(), "canceled at Toss", now));
                      refunds.reconcileCancels(c, x.payment(), now);
                      if (wasUnsettled) {
                        // The period stays unpaid: dunning goes on as after a soft decline.
                        TossError canceled =
                            new TossError(
                                "CANCELED_AT_TOSS", "토스페이먼츠에서 결제가 취소되어 이번 기간은 결제되지 않았습니다.");
                        forBilling.add(
                            new ChargeSettlement.Declined(
                                c.attempt(),
                                canceled,
                                DeclineKind.SOFT,
                                (int)
                                        repository.countedDeclines(
                                            c.subscriptionId(), c.attempt().periodNo())
                                    + 1));
                      }
                    }
                  }
                }
              }
              List<ChargeSettlement.Use> uses =
                  forBilling.isEmpty() ? List.of() : settlement.settle(forBilling);
              for (Map.Entry<Integer, Approve> entry : approvals.entrySet()) {
                Approve a = entry.getValue();
                Charge c = charges.get(a.id().value());
                if (uses.get(entry.getKey()) == ChargeSettlement.Use.PAID) {
                  published.add(c.approve(a.payment(), now));
                } else {
                  published.add(c.approveLate(a.payment(), "paid for nothing any more", now));
                  refunds
                      .prepareUpTo(c, c.amount(), "결제 대상이 없는 늦은 승인 환불", now)
                      .ifPresent(refundIds::add);
                }
                if (!a.payment().cancelsOrEmpty().isEmpty()) {
                  refunds.reconcileCancels(c, a.payment(), now);
                }
              }
              repository.save(charges.values());
              published.forEach(events::publishEvent);
              return refundIds;
            });
    return result == null ? List.of() : result;
  }

  private void sendAfterCommit(List<Long> refundIds) {
    for (long refundId : refundIds) {
      Thread.ofVirtual()
          .name("refund-" + refundId)
          .start(
              () -> {
                try {
                  refunds.send(refundId, false);
                } catch (RuntimeException e) {
                  log.warn(
                      "Refund {} not sent now ({}): the janitor sends it",
                      refundId,
                      e.getClass().getSimpleName());
                }
              });
    }
  }

  private void drain() {
    int max = properties.outcomeBatchSize();
    List<Queued> batch = new ArrayList<>(max);
    while (running || !queue.isEmpty()) {
      try {
        Queued first = queue.poll(200, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        queue.drainTo(batch, max - 1);
        CompletableFuture<Void> written = record(batch.stream().map(Queued::settle).toList());
        for (Queued q : batch) {
          if (written.isCompletedExceptionally()) {
            written.whenComplete((v, e) -> q.done().completeExceptionally(e));
          } else {
            q.done().complete(null);
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        log.error("The outcome writer failed; the janitor reads these attempts back", e);
        batch.forEach(q -> q.done().completeExceptionally(e));
      } finally {
        batch.clear();
      }
    }
  }

  @Override
  public void start() {
    running = true;
    writer = Thread.ofPlatform().name("charge-outcomes").daemon().start(this::drain);
  }

  @Override
  public void stop() {
    running = false;
    Thread current = writer;
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

  /** Stops after the renewal worker (which feeds it) and before the database. */
  @Override
  public int getPhase() {
    return SmartLifecycle.DEFAULT_PHASE - 10;
  }
}
