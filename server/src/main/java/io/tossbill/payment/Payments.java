package io.tossbill.payment;

import io.tossbill.platform.ApiException;
import io.tossbill.platform.Won;
import io.tossbill.toss.IdempotencyKey;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The ledger of charge attempts: records attempts in the caller's transaction (committed before
 * Toss is called), and answers what the ledger knows. Sending is {@link ChargeSender}'s job,
 * refunds {@link Refunds}', settling what is unknown the janitors'.
 */
@Service
public class Payments {

  private final PaymentRepository repository;
  private final Clock clock;
  private final PaymentProperties properties;

  Payments(PaymentRepository repository, Clock clock, PaymentProperties properties) {
    this.repository = repository;
    this.clock = clock;
    this.properties = properties;
  }

  /**
   * The orderId of an attempt: {@code tb{installation}-s{subscription}-p{period}-a{attempt}} for a
   * period charge, {@code ...-u{n}} for the n-th upgrade charge of a period. Its Idempotency-Key is
   * {@code tossbill-charge-{orderId}}: both are the same every time the attempt is sent.
   */
  public String orderId(long subscriptionId, ChargePurpose purpose, int periodNo, int attemptNo) {
    String suffix = purpose == ChargePurpose.PERIOD ? "-a" + attemptNo : "-u" + attemptNo;
    return "tb" + repository.installation() + "-s" + subscriptionId + "-p" + periodNo + suffix;
  }

  static IdempotencyKey idempotencyKey(String orderId) {
    return IdempotencyKey.of("tossbill-charge-" + orderId);
  }

  /**
   * Records attempts as PENDING in the caller's transaction, which must commit before any of them
   * is sent. The database refuses a second attempt in flight for a subscription and a second
   * approved charge for a period.
   */
  @Transactional(propagation = Propagation.MANDATORY)
  public List<ChargeAttempt> recordAttempts(List<NewAttempt> attempts) {
    Instant now = clock.instant();
    Instant staleAt = now.plus(properties.janitor().pendingStaleAfter());
    List<Charge.State> states =
        attempts.stream()
            .map(
                a -> {
                  String orderId =
                      orderId(a.subscriptionId(), a.purpose(), a.periodNo(), a.attemptNo());
                  return Charge.attempt(
                      a, orderId, idempotencyKey(orderId), a.cardId(), now, staleAt);
                })
            .toList();
    Map<String, ChargeAttempt> byOrderId = new HashMap<>();
    for (Charge c : repository.insert(states)) {
      byOrderId.put(c.orderId(), c.attempt());
    }
    return states.stream().map(s -> byOrderId.get(s.orderId())).toList();
  }

  /** Records one attempt in the caller's transaction; see {@link #recordAttempts}. */
  @Transactional(propagation = Propagation.MANDATORY)
  public ChargeAttempt recordAttempt(NewAttempt attempt) {
    return recordAttempts(List.of(attempt)).getFirst();
  }

  /** The next attempt number of each subscription's given period (one statement). */
  public Map<Long, Integer> nextAttemptNos(
      Map<Long, Integer> periodBySubscription, ChargePurpose purpose) {
    Map<Long, Integer> next = new HashMap<>();
    periodBySubscription.keySet().forEach(id -> next.put(id, 1));
    for (PaymentRepository.LastAttempt last :
        repository.lastAttempts(periodBySubscription.keySet())) {
      Integer period = periodBySubscription.get(last.subscriptionId());
      if (last.purpose() == purpose && period != null && period == last.periodNo()) {
        next.put(last.subscriptionId(), last.last() + 1);
      }
    }
    return next;
  }

  public int nextAttemptNo(long subscriptionId, ChargePurpose purpose, int periodNo) {
    return nextAttemptNos(Map.of(subscriptionId, periodNo), purpose).get(subscriptionId);
  }

  /** The attempt of this subscription that is pending or unknown, if any (there is at most one). */
  public Optional<ChargeAttempt> inFlight(long subscriptionId) {
    return repository.inFlight(subscriptionId).map(Charge::attempt);
  }

  /**
   * Which of these subscriptions have an attempt pending or unknown (one statement): true when that
   * attempt is flagged for review (it never blocks a cancel), false when it blocks.
   */
  public Map<Long, Boolean> inFlightOf(Collection<Long> subscriptionIds) {
    return repository.inFlightAmong(subscriptionIds);
  }

  /**
   * The attempt in flight that still blocks the subscription: pending or unknown and not flagged
   * for review. An attempt a person has to look at never keeps a subscriber from cancelling.
   */
  public Optional<ChargeAttempt> inFlightUnreviewed(long subscriptionId) {
    return repository.inFlightUnreviewed(subscriptionId).map(Charge::attempt);
  }

  public Optional<ChargeAttempt> findByOrderId(String orderId) {
    return repository.findByOrderId(orderId).map(Charge::attempt);
  }

  public Optional<ChargeAttempt> find(PaymentId id) {
    return repository.find(id.value()).map(Charge::attempt);
  }

  /** The attempts among {@code ids} that exist, by id: one statement for a batch of notices. */
  public Map<PaymentId, ChargeAttempt> findAll(Collection<PaymentId> ids) {
    return repository.find(ids.stream().map(PaymentId::value).distinct().toList()).stream()
        .map(Charge::attempt)
        .collect(Collectors.toMap(ChargeAttempt::id, a -> a));
  }

  /** The newest period attempt of a subscription (the one a decline came from), if any. */
  public Optional<ChargeAttempt> lastPeriodAttempt(long subscriptionId) {
    return repository.lastPeriodAttempt(subscriptionId).map(Charge::attempt);
  }

  /** The approved charges of a period: its period charge and its upgrade charges. */
  public List<ChargeAttempt> approvedChargesOfPeriod(long subscriptionId, int periodNo) {
    return repository.approvedOfPeriod(subscriptionId, periodNo).stream()
        .map(Charge::attempt)
        .toList();
  }

  public List<PaymentView> ofSubscription(long subscriptionId) {
    return repository.ofSubscription(subscriptionId).stream()
        .map(c -> view(repository, c))
        .toList();
  }

  public Optional<PaymentView> view(PaymentId id) {
    return view(repository, id);
  }

  /** Every state the payment passed through and every step of its refunds, oldest first. */
  public List<PaymentHistoryStep> history(PaymentId id) {
    repository.find(id.value()).orElseThrow(() -> notFound(id));
    return repository.history(id.value());
  }

  static Optional<PaymentView> view(PaymentRepository repository, PaymentId id) {
    return repository.find(id.value()).map(c -> view(repository, c));
  }

  private static PaymentView view(PaymentRepository repository, Charge charge) {
    Charge.State s = charge.state();
    return new PaymentView(
        s.id(),
        s.subscriptionId(),
        s.customerId().value(),
        s.purpose(),
        s.periodNo(),
        s.attemptNo(),
        s.periodStart(),
        s.periodEnd(),
        s.orderId(),
        s.orderName(),
        s.amount(),
        s.status(),
        s.paymentKey(),
        s.approvedAt(),
        s.receiptUrl(),
        s.vat() == null ? null : Won.of(s.vat()),
        s.suppliedAmount() == null ? null : Won.of(s.suppliedAmount()),
        Won.of(s.refundedAmount()),
        s.failureCode(),
        s.failureMessage(),
        s.declineKind() == null ? null : s.declineKind().name(),
        s.requestedAt(),
        s.settledAt(),
        repository.refunds(s.id()).stream().map(Payments::refundView).toList(),
        s.needsReview(),
        s.discount(),
        s.discountCode());
  }

  private static PaymentView.RefundView refundView(Refund refund) {
    Refund.State r = refund.state();
    return new PaymentView.RefundView(
        r.id(),
        r.amount(),
        r.reason(),
        r.source().name(),
        r.status().name(),
        r.failureCode(),
        r.failureMessage(),
        r.requestedAt(),
        r.settledAt(),
        r.needsReview());
  }

  static ApiException notFound(PaymentId id) {
    return ApiException.notFound("PAYMENT_NOT_FOUND", "api.PAYMENT_NOT_FOUND.2", id.value());
  }
}
