package io.tossbill.payment;

import io.tossbill.gateway.PaymentGateway;
import io.tossbill.platform.ApiException;
import io.tossbill.platform.Won;
import io.tossbill.toss.CancelOutcome;
import io.tossbill.toss.CancelRequest;
import io.tossbill.toss.IdempotencyKey;
import io.tossbill.toss.Payment;
import io.tossbill.toss.TossApiException;
import io.tossbill.toss.TossError;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Refunds through Toss's cancel API: each refund is recorded (PENDING) and committed before the
 * cancel is sent, and its outcome written in a new transaction; what is refundable counts the
 * refunds still on their way ({@link RefundCap}). Cancels done at Toss itself become refunds of
 * their own when a read-back shows them.
 */
@Service
public class Refunds {

  private static final Logger log = LoggerFactory.getLogger(Refunds.class);

  private final PaymentRepository repository;
  private final PaymentGateway gateway;
  private final Clock clock;
  private final PaymentProperties properties;
  private final ApplicationEventPublisher events;
  private final TransactionTemplate transactions;

  Refunds(
      PaymentRepository repository,
      PaymentGateway gateway,
      Clock clock,
      PaymentProperties properties,
      ApplicationEventPublisher events,
      TransactionTemplate transactions) {
    this.repository = repository;
    this.gateway = gateway;
    this.clock = clock;
    this.properties = properties;
    this.events = events;
    this.transactions = transactions;
  }

  /**
   * Refunds all ({@code amount} null) or part of an approved payment: 400 {@code
   * INVALID_REFUND_AMOUNT} beyond what is left, 409 {@code REFUND_REFUSED} when Toss refuses (the
   * refusal is recorded first).
   */
  public RefundResult refund(PaymentId id, @Nullable Won amount, String reason) {
    long refundId =
        transactions.execute(
            status -> {
              Charge charge = repository.lock(id.value()).orElseThrow(() -> Payments.notFound(id));
              if (!charge.status().movedMoney() || charge.paymentKey() == null) {
                throw ApiException.conflict(
                    "PAYMENT_NOT_REFUNDABLE", "api.PAYMENT_NOT_REFUNDABLE", charge.status());
              }
              Won inFlight = repository.refundsInFlight(id.value());
              Won charged = charge.amount();
              Won refunded = Won.of(charge.refundedAmount());
              Won allowed = RefundCap.allowed(charged, refunded, inFlight, amount);
              if (!allowed.isPositive()) {
                Won left = RefundCap.refundable(charged, refunded, inFlight);
                long asked = amount == null ? 0 : amount.value();
                throw ApiException.badRequest(
                    "INVALID_REFUND_AMOUNT", "api.INVALID_REFUND_AMOUNT", left.value(), asked);
              }
              long prepared = prepare(charge, allowed, reason, clock.instant());
              repository.save(charge);
              return prepared;
            });
    return send(refundId, true);
  }

  /**
   * Records (PENDING) a refund of up to {@code atMost} of a payment, in the caller's transaction,
   * without calling Toss: the caller sends it with {@link #sendPrepared} after its commit, and the
   * janitor sends it if the node dies before. Empty when nothing is left to refund.
   */
  @Transactional(propagation = Propagation.MANDATORY)
  public Optional<Long> prepareRefund(PaymentId id, Won atMost, String reason) {
    Charge charge = repository.lock(id.value()).orElseThrow(() -> Payments.notFound(id));
    Optional<Long> prepared = prepareUpTo(charge, atMost, reason, clock.instant());
    repository.save(charge);
    return prepared;
  }

  /** Up to {@code atMost} of what is left, recorded on a charge the caller holds locked. */
  Optional<Long> prepareUpTo(Charge charge, Won atMost, String reason, Instant now) {
    if (!charge.status().movedMoney() || charge.paymentKey() == null) {
      return Optional.empty();
    }
    Won inFlight = repository.refundsInFlight(charge.id());
    Won amount = RefundCap.upTo(charge.amount(), Won.of(charge.refundedAmount()), inFlight, atMost);
    if (!amount.isPositive()) {
      return Optional.empty();
    }
    return Optional.of(prepare(charge, amount, reason, now));
  }

  private long prepare(Charge charge, Won amount, String reason, Instant now) {
    long n = repository.countRefunds(charge.id()) + 1;
    String key = "tossbill-refund-" + charge.orderId() + "-r" + n;
    Refund refund =
        repository.insertRefund(Refund.requested(charge.id(), amount, reason, key, now));
    charge.refundStep(now, LedgerStep.REFUND_REQUESTED, refund.id(), amount.value(), null, reason);
    return refund.id();
  }

  /**
   * Sends a refund recorded by {@link #prepareRefund}; 409 {@code REFUND_REFUSED} when Toss refuses
   * it.
   */
  public RefundResult sendPrepared(long refundId) {
    return send(refundId, true);
  }

  /** Sends a recorded refund's cancel (outside any transaction) and records what Toss answered. */
  RefundResult send(long refundId, boolean throwRefusal) {
    Refund refund = repository.findRefund(refundId).orElseThrow();
    Charge charge = repository.find(refund.paymentId()).orElseThrow();
    String paymentKey = charge.paymentKey();
    if (paymentKey == null || refund.idempotencyKey() == null) {
      throw new IllegalStateException("refund " + refundId + " has nothing to cancel");
    }
    // Always the payment row first, then the refund row, as every other writer does: two writers
    // locking them in opposite orders would deadlock.
    transactions.executeWithoutResult(
        status -> {
          Charge lockedCharge = repository.lock(charge.id()).orElseThrow();
          Refund locked = repository.findRefund(refundId).orElseThrow();
          locked.sent();
          repository.save(locked);
          lockedCharge.refundStep(
              clock.instant(),
              LedgerStep.REFUND_SENT,
              refundId,
              locked.amount().value(),
              null,
              "send " + locked.sendCount());
          repository.save(lockedCharge);
        });
    CancelRequest request = CancelRequest.partial(refund.reason(), refund.amount().value());
    CancelOutcome outcome;
    try {
      outcome = gateway.cancel(paymentKey, request, IdempotencyKey.of(refund.idempotencyKey()));
    } catch (TossApiException e) {
      outcome = new CancelOutcome.Refused(e.error());
    } catch (RuntimeException e) {
      outcome = new CancelOutcome.Unknown(e.getClass().getSimpleName(), null);
    }
    CancelOutcome answered = outcome;
    TossError refusal =
        transactions.execute(
            status -> {
              Refund r = repository.findRefund(refundId).orElseThrow();
              Charge c = repository.lock(r.paymentId()).orElseThrow();
              Instant now = clock.instant();
              TossError refused = null;
              switch (answered) {
                case CancelOutcome.Canceled(Payment payment) -> {
                  String txKey = newTransactionOf(payment, r.amount().value());
                  if (r.done(txKey, now)) {
                    c.refundStep(now, LedgerStep.REFUNDED, r.id(), r.amount().value(), null, "");
                    repository.save(r);
                    c.refundedInAll(payment.totalAmount() - payment.balanceAmount());
                    repository.save(c);
                    publishRefunded(c, r, "tossbill", false);
                  }
                  reconcileCancels(c, payment, now);
                }
                case CancelOutcome.Refused(TossError error) -> {
                  if (r.refused(error.code(), error.message(), now)) {
                    c.refundStep(
                        now,
                        LedgerStep.REFUND_REFUSED,
                        r.id(),
                        r.amount().value(),
                        error.code(),
                        error.message());
                    repository.save(r);
                    repository.save(c);
                  }
                  refused = error;
                }
                case CancelOutcome.Unknown(String why, TossError error) -> {
                  log.warn(
                      "Refund {} of payment {} has an unknown outcome: {}",
                      r.id(),
                      c.orderId(),
                      why);
                  if (r.unknown(
                      error == null ? null : error.code(),
                      why,
                      now.plus(properties.janitor().firstCheckAfter()))) {
                    c.refundStep(
                        now,
                        LedgerStep.REFUND_UNKNOWN,
                        r.id(),
                        r.amount().value(),
                        error == null ? null : error.code(),
                        why);
                    repository.save(r);
                    repository.save(c);
                  }
                }
              }
              return refused;
            });
    Refund after = repository.findRefund(refundId).orElseThrow();
    if (refusal != null && throwRefusal) {
      throw new ApiException(
          HttpStatus.CONFLICT,
          "REFUND_REFUSED",
          "api.REFUND_REFUSED",
          refusal.message(),
          refusal.code());
    }
    return new RefundResult(
        refundId,
        after.status().name(),
        after.amount(),
        Payments.view(repository, charge.paymentId()).orElseThrow());
  }

  /** The transaction key of the cancel in Toss's answer that no refund of ours holds yet. */
  private @Nullable String newTransactionOf(Payment payment, long amount) {
    return payment.cancelsOrEmpty().stream()
        .filter(c -> c.transactionKey() != null && !repository.knowsTransaction(c.transactionKey()))
        .filter(c -> c.cancelAmount() == amount)
        .map(Payment.Cancel::transactionKey)
        .reduce((first, second) -> second)
        .orElse(null);
  }

  /**
   * Brings the ledger in line with a payment read back from Toss: an open refund of the same amount
   * is settled by a cancel Toss shows; a cancel done outside tossbill becomes a refund of its own.
   * The read-back is the truth. Joins the caller's transaction, the charge locked.
   */
  void reconcileCancels(Charge charge, Payment payment, Instant now) {
    for (Payment.Cancel cancel : payment.cancelsOrEmpty()) {
      String key = cancel.transactionKey();
      if (key == null || repository.knowsTransaction(key) || !isDone(cancel)) {
        continue;
      }
      Optional<Refund> open = repository.openRefundOfAmount(charge.id(), cancel.cancelAmount());
      if (open.isPresent()) {
        Refund r = open.get();
        if (r.done(key, now)) {
          repository.save(r);
          charge.refundStep(
              now, LedgerStep.REFUNDED, r.id(), r.amount().value(), null, "read back");
          publishRefunded(charge, r, "tossbill", false);
        }
        continue;
      }
      String reason = cancel.cancelReason() == null ? "토스페이먼츠에서 취소" : cancel.cancelReason();
      Refund r =
          repository.insertRefund(
              Refund.doneAtToss(
                  charge.id(),
                  Won.of(cancel.cancelAmount()),
                  reason,
                  key,
                  cancel.canceledAt() == null ? now : cancel.canceledAt().toInstant(),
                  now));
      charge.refundStep(now, LedgerStep.REFUNDED_AT_TOSS, r.id(), r.amount().value(), null, reason);
      charge.refundedInAll(payment.totalAmount() - payment.balanceAmount());
      publishRefunded(charge, r, reason, true);
    }
    charge.refundedInAll(payment.totalAmount() - payment.balanceAmount());
    repository.save(charge);
  }

  private static boolean isDone(Payment.Cancel cancel) {
    return cancel.cancelStatus() == null || "DONE".equals(cancel.cancelStatus());
  }

  private void publishRefunded(Charge charge, Refund refund, String reason, boolean outside) {
    events.publishEvent(
        new PaymentRefunded(
            charge.paymentId(),
            refund.id(),
            charge.subscriptionId(),
            charge.customerId(),
            refund.amount(),
            Won.of(charge.refundedAmount()),
            reason,
            outside));
  }

  /**
   * Settles one refund whose outcome was lost or that was never sent, by reading the payment back:
   * a matching cancel there settles it; a payment canceled in full by someone else, or with less
   * left than asked, refuses it; otherwise the same cancel is sent again with the same
   * Idempotency-Key, at most {@code max-refund-sends} times, after which it is flagged for review
   * and only read back.
   */
  void settleOpen(Refund refund) {
    Charge charge = repository.find(refund.paymentId()).orElseThrow();
    String paymentKey = charge.paymentKey();
    if (paymentKey == null) {
      return;
    }
    Optional<Payment> found = gateway.findPayment(paymentKey);
    if (found.isEmpty()) {
      return; // Toss does not show the payment now: read back again after the lease
    }
    Payment payment = found.get();
    boolean stillOpen =
        Boolean.TRUE.equals(
            transactions.execute(
                status -> {
                  Charge locked = repository.lock(charge.id()).orElseThrow();
                  Instant now = clock.instant();
                  reconcileCancels(locked, payment, now);
                  Refund r = repository.findRefund(refund.id()).orElseThrow();
                  if (!r.status().isOpen()) {
                    return false; // the read-back showed our cancel
                  }
                  String code = null;
                  String message = null;
                  if (payment.status() == io.tossbill.toss.PaymentStatus.CANCELED
                      || payment.balanceAmount() == 0) {
                    code = "ALREADY_CANCELED_PAYMENT";
                    message = "결제가 이미 전액 취소되어 이 환불은 이루어지지 않았습니다.";
                  } else if (payment.balanceAmount() < r.amount().value()) {
                    code = "NOT_CANCELABLE_AMOUNT";
                    message =
                        "남은 취소 가능 금액 "
                            + payment.balanceAmount()
                            + "원이 요청한 "
                            + r.amount().value()
                            + "원보다 적어 환불하지 않았습니다.";
                  }
                  if (code != null) {
                    r.refused(code, message, now);
                    locked.refundStep(
                        now, LedgerStep.REFUND_REFUSED, r.id(), r.amount().value(), code, message);
                    repository.save(r);
                    repository.save(locked);
                    return false;
                  }
                  if (r.sendCount() >= properties.janitor().maxRefundSends()) {
                    log.warn(
                        "Refund {} of payment {} was sent {} times without an answer: needs review",
                        r.id(),
                        charge.orderId(),
                        r.sendCount());
                    r.flagForReview();
                    locked.refundStep(
                        now, LedgerStep.REFUND_REVIEW, r.id(), r.amount().value(), null, null);
                    repository.save(r);
                    repository.save(locked);
                    return false;
                  }
                  return true;
                }));
    if (stillOpen) {
      send(refund.id(), false);
    }
  }

  /** The refunds of a payment. */
  List<Refund> of(PaymentId id) {
    return repository.refunds(id.value());
  }
}
