package io.tossbill.payment;

import io.micrometer.core.instrument.MeterRegistry;
import io.tossbill.customer.Cards;
import io.tossbill.customer.ChargeableCard;
import io.tossbill.gateway.PaymentGateway;
import io.tossbill.toss.ChargeOutcome;
import io.tossbill.toss.DeclineKind;
import io.tossbill.toss.Payment;
import io.tossbill.toss.TossError;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Hands recorded attempts to Toss: outside any transaction, at most {@code
 * tossbill.payment.max-in-flight} at once on this node, each to the card it is bound to, with its
 * own orderId and Idempotency-Key every time it is sent; then hands Toss's answer to the outcome
 * recorder and returns it once recorded. The attempt itself was committed by the caller before.
 */
@Component
public class ChargeSender {

  /** The code of an attempt given up because the customer's card changed after it was sent. */
  public static final String CARD_CHANGED = "CARD_CHANGED";

  private final PaymentRepository repository;
  private final ChargeOutcomes outcomes;
  private final PaymentGateway gateway;
  private final Cards cards;
  private final Clock clock;
  private final PaymentProperties properties;
  private final TransactionTemplate transactions;
  private final MeterRegistry meters;
  private final Semaphore inFlight;
  private final ExecutorService calls = Executors.newVirtualThreadPerTaskExecutor();

  ChargeSender(
      PaymentRepository repository,
      ChargeOutcomes outcomes,
      PaymentGateway gateway,
      Cards cards,
      Clock clock,
      PaymentProperties properties,
      TransactionTemplate transactions,
      MeterRegistry meters) {
    this.repository = repository;
    this.outcomes = outcomes;
    this.gateway = gateway;
    this.cards = cards;
    this.clock = clock;
    this.properties = properties;
    this.transactions = transactions;
    this.meters = meters;
    this.inFlight = new Semaphore(properties.maxInFlight());
  }

  /** How many more calls this node may start now. */
  public int freeSlots() {
    return inFlight.availablePermits();
  }

  /**
   * Sends on a virtual thread; the future completes with Toss's answer once it is recorded. {@code
   * card} is the customer's current card when the caller already loaded it (a renewal batch), else
   * null.
   */
  public CompletableFuture<ChargeOutcome> sendAsync(
      ChargeAttempt attempt, @Nullable ChargeableCard card) {
    return CompletableFuture.supplyAsync(() -> send(attempt, card), calls);
  }

  /** Sends now, on this thread, and returns Toss's answer once it is recorded. */
  public ChargeOutcome send(ChargeAttempt attempt) {
    return send(attempt, null);
  }

  ChargeOutcome send(ChargeAttempt attempt, @Nullable ChargeableCard prefetched) {
    try {
      inFlight.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new ChargeOutcome.Unknown("interrupted before sending", null);
    }
    ChargeOutcome outcome;
    ChargeOutcomes.Settle settle;
    try {
      Optional<ChargeableCard> card =
          prefetched != null && prefetched.customerId().equals(attempt.customerId())
              ? Optional.of(prefetched)
              : cards.chargeableCard(attempt.customerId());
      if (card.isEmpty()) {
        TossError none = new TossError("NO_USABLE_CARD", "등록된 카드가 없습니다.");
        outcome = new ChargeOutcome.Declined(none, DeclineKind.HARD);
      } else {
        switch (permit(attempt, card.get())) {
          case SEND -> outcome = call(attempt, card.get());
          case SETTLED -> {
            return new ChargeOutcome.Unknown("settled meanwhile", null);
          }
          case OTHER_CARD -> {
            if (!otherCardDecisionDue(attempt)) {
              // Sent to the old card not long ago: Toss may still be working on it. Read it back
              // again later before giving it up.
              return new ChargeOutcome.Unknown("card changed; waiting before giving it up", null);
            }
            TossError changed =
                new TossError(
                    CARD_CHANGED, "결제 시도 후 카드가 바뀌어 같은 시도를 새 카드로 보내지 않습니다. 새 시도로 다시 청구합니다.");
            count(attempt, "abandoned");
            outcomes.submit(new ChargeOutcomes.Abandon(attempt.id(), changed)).join();
            return new ChargeOutcome.Declined(changed, DeclineKind.SOFT);
          }
          default -> throw new IllegalStateException();
        }
      }
    } finally {
      inFlight.release();
    }
    settle = settleOf(attempt, outcome);
    count(attempt, outcomeTag(outcome));
    try {
      outcomes.submit(settle).join();
    } catch (RuntimeException e) {
      // Not recorded: the attempt stays pending or unknown and the janitor reads it back.
    }
    return outcome;
  }

  /**
   * The card the attempt may go to: bound at recording time (a renewal) it needs no write; bound
   * now (first send of a command's attempt) it is fixed in a short transaction.
   */
  private Charge.SendPermit permit(ChargeAttempt attempt, ChargeableCard card) {
    if (attempt.cardId() != null && attempt.sentAt() != null && attempt.checkCount() == 0) {
      return attempt.cardId().equals(card.id())
          ? Charge.SendPermit.SEND
          : Charge.SendPermit.OTHER_CARD;
    }
    Charge.SendPermit permit =
        transactions.execute(
            status -> {
              Charge c = repository.lock(attempt.id().value()).orElseThrow();
              Instant now = clock.instant();
              Charge.SendPermit p =
                  c.permitSend(card.id(), now, now.plus(properties.janitor().pendingStaleAfter()));
              repository.save(c);
              return p;
            });
    return permit == null ? Charge.SendPermit.SETTLED : permit;
  }

  /**
   * Whether an attempt sent to a card since replaced may be given up: only once it was sent at
   * least pending-stale-after ago, so a send Toss may still be working on is read back first.
   */
  private boolean otherCardDecisionDue(ChargeAttempt attempt) {
    Instant sentAt =
        repository.find(attempt.id().value()).map(c -> c.state().sentAt()).orElse(attempt.sentAt());
    return sentAt == null
        || !clock.instant().isBefore(sentAt.plus(properties.janitor().pendingStaleAfter()));
  }

  // timed by the gateway (tossbill_toss_requests_seconds{endpoint="charge"})
  private ChargeOutcome call(ChargeAttempt attempt, ChargeableCard card) {
    return gateway.charge(
        card.billingKey(), attempt.toRequest(card.customerKey()), attempt.idempotencyKey());
  }

  static ChargeOutcomes.Settle settleOf(ChargeAttempt attempt, ChargeOutcome outcome) {
    return switch (outcome) {
      case ChargeOutcome.Approved(Payment payment) ->
          new ChargeOutcomes.Approve(attempt.id(), payment);
      case ChargeOutcome.Declined(TossError error, DeclineKind kind) ->
          new ChargeOutcomes.Decline(attempt.id(), error, kind);
      case ChargeOutcome.Unknown unknown ->
          new ChargeOutcomes.Unknown(
              attempt.id(),
              unknown.error() == null
                  ? unknown.reason()
                  : unknown.reason() + " " + unknown.error().code(),
              unknown.finishedWithoutPaymentCode(),
              unknown.integrationError());
    };
  }

  private static String outcomeTag(ChargeOutcome outcome) {
    return switch (outcome) {
      case ChargeOutcome.Approved a -> "approved";
      case ChargeOutcome.Declined d ->
          d.kind() == DeclineKind.HARD ? "declined_hard" : "declined_soft";
      case ChargeOutcome.Unknown u -> "unknown";
    };
  }

  private void count(ChargeAttempt attempt, String outcome) {
    meters
        .counter(
            "tossbill.billing.charges",
            "outcome",
            outcome,
            "purpose",
            attempt.purpose().name().toLowerCase(Locale.ROOT))
        .increment();
  }
}
