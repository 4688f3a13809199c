package io.tossbill.payment;

import io.tossbill.billing.BillingProperties;
import io.tossbill.gateway.PaymentGateway;
import io.tossbill.platform.ApiException;
import io.tossbill.platform.Won;
import io.tossbill.toss.CancelOutcome;
import io.tossbill.toss.CancelRequest;
import io.tossbill.toss.DeclineKind;
import io.tossbill.toss.IdempotencyKey;
import io.tossbill.toss.Payment;
import io.tossbill.toss.TossError;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The ledger of charge attempts and refunds. Attempts are recorded (and committed by the caller's
 * transaction) before Toss is called; outcomes are written afterwards; events are published in the
 * transaction that writes the outcome.
 */
@Service
public class Payments {

  private static final Logger log = LoggerFactory.getLogger(Payments.class);

  private final PaymentRepository repository;
  private final PaymentGateway gateway;
  private final Clock clock;
  private final BillingProperties properties;
  private final ApplicationEventPublisher events;
  private final TransactionTemplate transactions;

  Payments(PaymentRepository repository, PaymentGateway gateway, Clock clock, BillingProperties properties,
      ApplicationEventPublisher events, TransactionTemplate transactions) {
    this.repository = repository;
    this.gateway = gateway;
    this.clock = clock;
    this.properties = properties;
    this.events = events;
    this.transactions = transactions;
  }

  /**
   * The orderId of an attempt: {@code tb{installation}-s{subscription}-p{period}-a{attempt}} for a
   * period charge, {@code ...-u{n}} for the n-th upgrade charge of a period.
   */
  public String orderId(long subscriptionId, ChargePurpose purpose, int periodNo, int attemptNo) {
    String suffix = purpose == ChargePurpose.PERIOD ? "-a" + attemptNo : "-u" + attemptNo;
    return "tb" + repository.installation() + "-s" + subscriptionId + "-p" + periodNo + suffix;
  }

  /** Records an attempt as PENDING; the caller commits before calling Toss. */
  @Transactional
  public ChargeAttempt recordAttempt(NewAttempt attempt, Instant businessNow) {
    String orderId = orderId(attempt.subscriptionId(), attempt.purpose(), attempt.periodNo(), attempt.attemptNo());
    Instant staleAt = clock.instant().plus(properties.janitor().pendingStaleAfter());
    return repository.insert(attempt, orderId, "tossbill-charge-" + orderId, businessNow, staleAt).attempt();
  }

  public int nextAttemptNo(long subscriptionId, ChargePurpose purpose, int periodNo) {
    return repository.nextAttemptNo(subscriptionId, purpose, periodNo);
  }

  /** The attempt of this subscription that is pending or unknown, if any (there is at most one). */
  public Optional<ChargeAttempt> inFlight(long subscriptionId) {
    return repository.inFlight(subscriptionId).map(PaymentRepository.Row::attempt);
  }

  public Optional<ChargeAttempt> findByOrderId(String orderId) {
    return repository.findByOrderId(orderId).map(PaymentRepository.Row::attempt);
  }

  public Optional<ChargeAttempt> find(PaymentId id) {
    return repository.find(id.value()).map(PaymentRepository.Row::attempt);
  }

  /** The approved charge of a period, if there is one. */
  public Optional<ChargeAttempt> approvedPeriodCharge(long subscriptionId, int periodNo) {
    return repository.approvedPeriod(subscriptionId, periodNo).map(PaymentRepository.Row::attempt);
  }

  /** Toss approved the attempt; false when it was already settled (nothing is published twice). */
  @Transactional
  public boolean approve(ChargeAttempt attempt, Payment payment) {
    if (!payment.orderId().equals(attempt.orderId()) || payment.totalAmount() != attempt.amount().value()) {
      throw new IllegalStateException("Toss's payment " + payment.orderId() + " of " + payment.totalAmount()
          + " does not match attempt " + attempt.orderId() + " of " + attempt.amount());
    }
    Instant now = clock.instant();
    long refunded = payment.totalAmount() - payment.balanceAmount();
    String receiptUrl = payment.receipt() == null ? null : payment.receipt().url();
    Instant approvedAt = payment.approvedAt() == null ? null : payment.approvedAt().toInstant();
    boolean changed = repository.approve(attempt.id().value(), payment.paymentKey(), approvedAt, receiptUrl,
        payment.vat(), payment.suppliedAmount(), refunded, now);
    if (changed) {
      events.publishEvent(new PaymentSucceeded(attempt.id(), attempt.subscriptionId(), attempt.customerId(),
          attempt.purpose(), attempt.periodNo(), attempt.periodStart(), attempt.periodEnd(), attempt.orderId(),
          attempt.amount(), Won.of(payment.vat()), approvedAt == null ? now : approvedAt, receiptUrl));
    }
    return changed;
  }

  /** Toss declined the attempt; false when it was already settled. */
  @Transactional
  public boolean decline(ChargeAttempt attempt, TossError error, DeclineKind kind) {
    boolean changed = repository.decline(attempt.id().value(), error.code(), error.message(), kind.name(),
        clock.instant());
    if (changed) {
      events.publishEvent(new PaymentFailed(attempt.id(), attempt.subscriptionId(), attempt.customerId(),
          attempt.purpose(), attempt.periodNo(), attempt.attemptNo(), attempt.orderId(), attempt.amount(),
          error.code(), error.message(), kind));
    }
    return changed;
  }

  /** Nobody knows whether money moved: the janitor reads the payment back later. */
  @Transactional
  public void markUnknown(ChargeAttempt attempt, String reason) {
    repository.markUnknown(attempt.id().value(), reason, clock.instant().plus(properties.janitor().firstCheckAfter()));
  }

  /**
   * Claims pending attempts that went stale and unknown ones due for a read-back, leasing them so
   * no other node checks them at the same time.
   */
  @Transactional
  public List<ChargeAttempt> claimUnsettled(Instant serverNow, int limit) {
    Instant leaseUntil = serverNow.plus(properties.janitor().pendingStaleAfter());
    return repository.claimUnsettled(serverNow, leaseUntil, limit).stream().map(PaymentRepository.Row::attempt)
        .toList();
  }

  /** The read-back failed: try again later, waiting twice as long each time up to the cap. */
  @Transactional
  public void backOff(ChargeAttempt attempt, Instant serverNow, String reason) {
    Duration first = properties.janitor().firstCheckAfter();
    int exponent = Math.min(Math.max(attempt.checkCount() - 1, 0), 20);
    Duration wait = first.multipliedBy(1L << exponent);
    if (wait.compareTo(properties.janitor().maxBackoff()) > 0) {
      wait = properties.janitor().maxBackoff();
    }
    repository.backOff(attempt.id().value(), serverNow.plus(wait), reason);
  }

  public List<PaymentView> ofSubscription(long subscriptionId) {
    return repository.ofSubscription(subscriptionId).stream().map(this::view).toList();
  }

  public Optional<PaymentView> view(PaymentId id) {
    return repository.find(id.value()).map(this::view);
  }

  /**
   * Refunds all ({@code amount} null) or part of an approved payment through Toss's cancel API. The
   * refund row is committed before Toss is called and settled afterwards.
   */
  public RefundResult refund(PaymentId id, @Nullable Won amount, String reason) {
    Instant now = clock.instant();
    PendingRefund pending = transactions.execute(status -> {
      PaymentRepository.Row row = repository.lock(id.value()).orElseThrow(() -> paymentNotFound(id));
      if (row.attempt().status() != PaymentStatus.APPROVED || row.paymentKey() == null) {
        throw ApiException.conflict("PAYMENT_NOT_REFUNDABLE",
            "승인된 결제만 환불할 수 있습니다. 현재 상태: " + row.attempt().status(),
            "Only an approved payment can be refunded; this one is " + row.attempt().status() + ".");
      }
      long refundable = row.attempt().amount().value() - row.refundedAmount() - repository.refundsInFlight(id.value());
      long wanted = amount == null ? refundable : amount.value();
      if (wanted <= 0 || wanted > refundable) {
        throw ApiException.badRequest("INVALID_REFUND_AMOUNT",
            "환불 금액은 1원 이상 " + refundable + "원 이하여야 합니다. 요청: " + wanted + "원",
            "A refund is 1 to " + refundable + " won; asked for " + wanted + ".");
      }
      long n = repository.countRefunds(id.value()) + 1;
      String key = "tossbill-refund-" + row.attempt().orderId() + "-r" + n;
      long refundId = repository.insertRefund(id.value(), wanted, reason, "TOSSBILL", "PENDING", key, null, now, null);
      boolean full = wanted == row.attempt().amount().value() - row.refundedAmount();
      return new PendingRefund(refundId, row.paymentKey(), wanted, full, key);
    });
    CancelRequest request = pending.full() && amount == null
        ? CancelRequest.full(reason) : CancelRequest.partial(reason, pending.amount());
    return sendRefund(id, pending, request);
  }

  private RefundResult sendRefund(PaymentId id, PendingRefund pending, CancelRequest request) {
    CancelOutcome outcome;
    try {
      outcome = gateway.cancel(pending.paymentKey(), request, IdempotencyKey.of(pending.idempotencyKey()));
    } catch (RuntimeException e) {
      outcome = new CancelOutcome.Unknown(e.getClass().getSimpleName(), null);
    }
    CancelOutcome result = outcome;
    return transactions.execute(status -> switch (result) {
      case CancelOutcome.Canceled(Payment payment) -> {
        settleRefund(id, pending, payment);
        yield new RefundResult(pending.refundId(), "DONE", Won.of(pending.amount()), view(id).orElseThrow());
      }
      case CancelOutcome.Refused(TossError error) -> {
        repository.settleRefund(pending.refundId(), "REFUSED", null, error.code(), error.message(), clock.instant());
        throw new ApiException(HttpStatus.CONFLICT, "REFUND_REFUSED",
            "토스페이먼츠가 환불을 거절했습니다: " + error.message(), "Toss refused the refund: " + error.code());
      }
      case CancelOutcome.Unknown(String why, TossError error) -> {
        log.warn("Refund {} of payment {} has an unknown outcome: {}", pending.refundId(), id.value(), why);
        repository.settleRefund(pending.refundId(), "UNKNOWN", null, error == null ? null : error.code(), why,
            clock.instant());
        yield new RefundResult(pending.refundId(), "UNKNOWN", Won.of(pending.amount()), view(id).orElseThrow());
      }
    });
  }

  /**
   * Settles refunds whose outcome was lost: reads the payment back (a cancel found there settles the
   * refund), and if Toss never saw it, sends the same cancel again with the same Idempotency-Key.
   */
  public void settleUnknownRefunds(Instant serverNow, int limit) {
    Instant leaseUntil = serverNow.plus(properties.janitor().maxBackoff());
    List<PaymentRepository.OpenRefund> open = transactions.execute(
        status -> repository.claimUnknownRefunds(serverNow, leaseUntil, limit));
    for (PaymentRepository.OpenRefund refund : open) {
      PaymentRepository.Row row = repository.find(refund.paymentId()).orElseThrow();
      String paymentKey = row.paymentKey();
      if (paymentKey == null) {
        continue;
      }
      try {
        gateway.findPayment(paymentKey).ifPresent(payment -> transactions.executeWithoutResult(
            status -> reconcileCancels(row, payment)));
        if ("UNKNOWN".equals(repository.refundStatus(refund.id()))) {
          sendRefund(row.attempt().id(), new PendingRefund(refund.id(), paymentKey, refund.amount(), false,
              refund.idempotencyKey()), CancelRequest.partial(refund.reason(), refund.amount()));
        }
      } catch (RuntimeException e) {
        log.warn("Could not settle refund {} yet: {}", refund.id(), e.getClass().getSimpleName());
      }
    }
  }

  private void settleRefund(PaymentId id, PendingRefund pending, Payment payment) {
    Payment.Cancel cancel = payment.cancelsOrEmpty().stream()
        .filter(c -> c.transactionKey() != null && !repository.knowsTransaction(c.transactionKey()))
        .filter(c -> c.cancelAmount() == pending.amount())
        .reduce((first, second) -> second)
        .orElse(null);
    repository.settleRefund(pending.refundId(), "DONE", cancel == null ? null : cancel.transactionKey(), null, null,
        clock.instant());
    long refunded = payment.totalAmount() - payment.balanceAmount();
    repository.setRefunded(id.value(), refunded);
    PaymentRepository.Row row = repository.find(id.value()).orElseThrow();
    events.publishEvent(new PaymentRefunded(id, pending.refundId(), row.attempt().subscriptionId(),
        row.attempt().customerId(), Won.of(pending.amount()), Won.of(refunded), "tossbill", false));
    reconcileCancels(row, payment);
  }

  /**
   * Brings the ledger in line with a payment read back from Toss: cancels done outside tossbill (Toss
   * dashboard, another tool) become refund rows of their own. The read-back is the truth.
   */
  @Transactional
  public void reconcile(Payment payment) {
    Optional<PaymentRepository.Row> found = repository.findByPaymentKey(payment.paymentKey())
        .or(() -> repository.findByOrderId(payment.orderId()));
    found.filter(row -> row.attempt().status() == PaymentStatus.APPROVED)
        .ifPresent(row -> reconcileCancels(row, payment));
  }

  private void reconcileCancels(PaymentRepository.Row row, Payment payment) {
    long paymentId = row.attempt().id().value();
    repository.lock(paymentId);
    Instant now = clock.instant();
    for (Payment.Cancel cancel : payment.cancelsOrEmpty()) {
      String key = cancel.transactionKey();
      if (key == null || repository.knowsTransaction(key) || !"DONE".equals(cancelStatus(cancel))) {
        continue;
      }
      Optional<Long> open = repository.openRefundOfAmount(paymentId, cancel.cancelAmount());
      if (open.isPresent()) {
        repository.settleRefund(open.get(), "DONE", key, null, null, now);
        continue;
      }
      String reason = cancel.cancelReason() == null ? "토스페이먼츠에서 취소" : cancel.cancelReason();
      long refundId = repository.insertRefund(paymentId, cancel.cancelAmount(), reason, "TOSS", "DONE", null, key,
          now, cancel.canceledAt() == null ? now : cancel.canceledAt().toInstant());
      long refunded = payment.totalAmount() - payment.balanceAmount();
      events.publishEvent(new PaymentRefunded(row.attempt().id(), refundId, row.attempt().subscriptionId(),
          row.attempt().customerId(), Won.of(cancel.cancelAmount()), Won.of(refunded), reason, true));
    }
    repository.setRefunded(paymentId, payment.totalAmount() - payment.balanceAmount());
  }

  private static String cancelStatus(Payment.Cancel cancel) {
    return cancel.cancelStatus() == null ? "DONE" : cancel.cancelStatus();
  }

  private PaymentView view(PaymentRepository.Row row) {
    ChargeAttempt a = row.attempt();
    return new PaymentView(a.id().value(), a.subscriptionId(), a.customerId().value(), a.purpose(), a.periodNo(),
        a.attemptNo(), a.periodStart(), a.periodEnd(), a.orderId(), a.orderName(), a.amount(), a.status(),
        row.paymentKey(), row.approvedAt(), row.receiptUrl(), row.vat() == null ? null : Won.of(row.vat()),
        row.suppliedAmount() == null ? null : Won.of(row.suppliedAmount()), Won.of(row.refundedAmount()),
        row.failureCode(), row.failureMessage(), row.declineKind(), a.requestedAt(), row.settledAt(),
        repository.refunds(a.id().value()));
  }

  static ApiException paymentNotFound(PaymentId id) {
    return ApiException.notFound("PAYMENT_NOT_FOUND", "결제를 찾을 수 없습니다: " + id.value(),
        "No payment " + id.value() + ".");
  }

  private record PendingRefund(long refundId, String paymentKey, long amount, boolean full, String idempotencyKey) {}
}
