package io.tossbill.payment;

import io.tossbill.billing.BillingProperties;
import io.tossbill.customer.CardId;
import io.tossbill.gateway.PaymentGateway;
import io.tossbill.platform.ApiException;
import io.tossbill.platform.Won;
import io.tossbill.toss.CancelOutcome;
import io.tossbill.toss.CancelRequest;
import io.tossbill.toss.DeclineKind;
import io.tossbill.toss.IdempotencyKey;
import io.tossbill.toss.Payment;
import io.tossbill.toss.TossApiException;
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

  Payments(
      PaymentRepository repository,
      PaymentGateway gateway,
      Clock clock,
      BillingProperties properties,
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
    String orderId =
        orderId(
            attempt.subscriptionId(), attempt.purpose(), attempt.periodNo(), attempt.attemptNo());
    Instant staleAt = clock.instant().plus(properties.janitor().pendingStaleAfter());
    return repository
        .insert(attempt, orderId, "tossbill-charge-" + orderId, businessNow, staleAt)
        .attempt();
  }

  public int nextAttemptNo(long subscriptionId, ChargePurpose purpose, int periodNo) {
    return repository.nextAttemptNo(subscriptionId, purpose, periodNo);
  }

  /** The attempt of this subscription that is pending or unknown, if any (there is at most one). */
  public Optional<ChargeAttempt> inFlight(long subscriptionId) {
    return repository.inFlight(subscriptionId).map(PaymentRepository.Row::attempt);
  }

  /**
   * The attempt in flight that still blocks the subscription: pending or unknown and not flagged
   * for review. An attempt a person has to look at never keeps a subscriber from cancelling.
   */
  public Optional<ChargeAttempt> inFlightUnreviewed(long subscriptionId) {
    return repository.inFlightUnreviewed(subscriptionId).map(PaymentRepository.Row::attempt);
  }

  /** Whether an attempt (of any status) is flagged for review. */
  public boolean needsReview(PaymentId id) {
    return repository.find(id.value()).map(PaymentRepository.Row::needsReview).orElse(false);
  }

  /**
   * How many of a period's charge attempts the customer's card declined: the retries dunning has
   * used. Attempts given up because the card changed do not count.
   */
  public int countedDeclines(long subscriptionId, int periodNo) {
    return (int) repository.countedDeclines(subscriptionId, periodNo);
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
    if (!payment.orderId().equals(attempt.orderId())
        || payment.totalAmount() != attempt.amount().value()) {
      throw new IllegalStateException(
          "Toss's payment "
              + payment.orderId()
              + " of "
              + payment.totalAmount()
              + " does not match attempt "
              + attempt.orderId()
              + " of "
              + attempt.amount());
    }
    Instant now = clock.instant();
    long refunded = payment.totalAmount() - payment.balanceAmount();
    String receiptUrl = payment.receipt() == null ? null : payment.receipt().url();
    Instant approvedAt = payment.approvedAt() == null ? null : payment.approvedAt().toInstant();
    boolean changed =
        repository.approve(
            attempt.id().value(),
            payment.paymentKey(),
            approvedAt,
            receiptUrl,
            payment.vat(),
            payment.suppliedAmount(),
            refunded,
            now);
    if (changed) {
      events.publishEvent(
          new PaymentSucceeded(
              attempt.id(),
              attempt.subscriptionId(),
              attempt.customerId(),
              attempt.purpose(),
              attempt.periodNo(),
              attempt.periodStart(),
              attempt.periodEnd(),
              attempt.orderId(),
              attempt.amount(),
              Won.of(payment.vat()),
              approvedAt == null ? now : approvedAt,
              receiptUrl));
    }
    return changed;
  }

  /** Toss declined the attempt; false when it was already settled. */
  @Transactional
  public boolean decline(ChargeAttempt attempt, TossError error, DeclineKind kind) {
    boolean changed =
        repository.decline(
            attempt.id().value(), error.code(), error.message(), kind.name(), clock.instant());
    if (changed) {
      events.publishEvent(
          new PaymentFailed(
              attempt.id(),
              attempt.subscriptionId(),
              attempt.customerId(),
              attempt.purpose(),
              attempt.periodNo(),
              attempt.attemptNo(),
              attempt.orderId(),
              attempt.amount(),
              error.code(),
              error.message(),
              kind));
    }
    return changed;
  }

  /**
   * The attempt went to a card the customer has since replaced and is given up (DECLINED with
   * {@code CARD_CHANGED}, no decline kind): not the customer's decline, so no {@link PaymentFailed}
   * is published. False when it was already settled.
   */
  @Transactional
  public boolean abandonForOtherCard(ChargeAttempt attempt, TossError reason) {
    return repository.decline(
        attempt.id().value(), reason.code(), reason.message(), null, clock.instant());
  }

  /**
   * Nobody knows whether money moved: the janitor reads the payment back later. {@code
   * answeredCode} is Toss's error code when Toss answered with an error body (not a timeout, reset
   * or 409).
   */
  @Transactional
  public void markUnknown(ChargeAttempt attempt, String reason, @Nullable String answeredCode) {
    repository.markUnknown(
        attempt.id().value(),
        reason,
        answeredCode,
        clock.instant().plus(properties.janitor().firstCheckAfter()));
  }

  /** What may happen to an attempt about to be handed to Toss. */
  public enum SendPermit {
    /** Send it (to this card, now fixed for every re-send). */
    SEND,
    /** It was settled meanwhile: send nothing. */
    SETTLED,
    /** It was sent before to another card: never re-send it to this one. */
    OTHER_CARD
  }

  /**
   * Called just before Toss is called: fixes the card the attempt goes to (a re-send goes to the
   * same card only, since Toss matches an Idempotency-Key per URL and the URL holds the billing
   * key) and pushes the stale-PENDING check forward from now, so it counts from the send, not the
   * claim.
   */
  public SendPermit beginSend(ChargeAttempt attempt, CardId cardId) {
    Instant now = clock.instant();
    if (repository.beginSend(
        attempt.id().value(),
        cardId.value(),
        now,
        now.plus(properties.janitor().pendingStaleAfter()))) {
      return SendPermit.SEND;
    }
    return repository
            .find(attempt.id().value())
            .map(row -> row.attempt().status().isSettled())
            .orElse(true)
        ? SendPermit.SETTLED
        : SendPermit.OTHER_CARD;
  }

  /**
   * Whether Toss may still be sent this attempt again with the same Idempotency-Key: never sent, or
   * first sent less than the resend window ago (Toss forgets keys after 15 days; a later "re-send"
   * would be a new charge).
   */
  public boolean mayResend(ChargeAttempt attempt, Instant serverNow) {
    Instant sentAt = attempt.sentAt();
    return sentAt == null || serverNow.isBefore(sentAt.plus(properties.janitor().resendWindow()));
  }

  /**
   * The janitor gives up re-sending: the attempt stays unknown, is read back hourly and shown for
   * review.
   */
  @Transactional
  public void flagForReview(ChargeAttempt attempt, Instant serverNow, String reason) {
    log.warn("Charge {} needs review: {}", attempt.orderId(), reason);
    repository.flagForReview(
        attempt.id().value(), serverNow.plus(properties.janitor().maxBackoff()), reason);
  }

  /** The newest period attempt of a subscription (the one a decline came from), if any. */
  public Optional<ChargeAttempt> lastPeriodAttempt(long subscriptionId) {
    return repository.lastPeriodAttempt(subscriptionId).map(PaymentRepository.Row::attempt);
  }

  /** The approved charges of a period: its period charge and its upgrade (proration) charges. */
  public List<ChargeAttempt> approvedChargesOfPeriod(long subscriptionId, int periodNo) {
    return repository.approvedOfPeriod(subscriptionId, periodNo).stream()
        .map(PaymentRepository.Row::attempt)
        .toList();
  }

  /**
   * Claims pending attempts that went stale and unknown ones due for a read-back, leasing them so
   * no other node checks them at the same time.
   */
  @Transactional
  public List<ChargeAttempt> claimUnsettled(Instant serverNow, int limit) {
    Instant leaseUntil = serverNow.plus(properties.janitor().pendingStaleAfter());
    return repository.claimUnsettled(serverNow, leaseUntil, limit).stream()
        .map(PaymentRepository.Row::attempt)
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
   * refund row is committed before Toss is called and settled afterwards; a refusal is recorded
   * (REFUSED) before it is answered with 409 {@code REFUND_REFUSED}.
   */
  public RefundResult refund(PaymentId id, @Nullable Won amount, String reason) {
    PendingRefund pending = transactions.execute(status -> prepare(id, amount, reason, false));
    CancelRequest request =
        pending.full() && amount == null
            ? CancelRequest.full(reason)
            : CancelRequest.partial(reason, pending.amount());
    return sendRefund(id, pending, request);
  }

  /**
   * Records (PENDING) a refund of up to {@code atMost} of a payment, joining the caller's
   * transaction, without calling Toss: the caller sends it with {@link #sendPreparedRefund} after
   * its commit, and the janitor sends it if the node dies before. Empty when nothing is refundable.
   */
  @Transactional
  public Optional<Long> prepareRefund(PaymentId id, Won atMost, String reason) {
    PaymentRepository.Row row = repository.lock(id.value()).orElseThrow(() -> paymentNotFound(id));
    if (row.attempt().status() != PaymentStatus.APPROVED || row.paymentKey() == null) {
      return Optional.empty();
    }
    long refundable =
        row.attempt().amount().value()
            - row.refundedAmount()
            - repository.refundsInFlight(id.value());
    long amount = Math.min(refundable, atMost.value());
    if (amount <= 0) {
      return Optional.empty();
    }
    return Optional.of(prepare(id, Won.of(amount), reason, true).refundId());
  }

  /**
   * Sends a refund recorded by {@link #prepareRefund}; 409 {@code REFUND_REFUSED} when Toss refuses
   * it.
   */
  public RefundResult sendPreparedRefund(long refundId) {
    PaymentRepository.OpenRefund refund = repository.findRefund(refundId).orElseThrow();
    PaymentRepository.Row row = repository.find(refund.paymentId()).orElseThrow();
    PendingRefund pending =
        new PendingRefund(
            refund.id(), requireKey(row), refund.amount(), false, refund.idempotencyKey());
    return sendRefund(
        row.attempt().id(), pending, CancelRequest.partial(refund.reason(), refund.amount()));
  }

  private PendingRefund prepare(PaymentId id, @Nullable Won amount, String reason, boolean locked) {
    Instant now = clock.instant();
    PaymentRepository.Row row =
        locked
            ? repository.find(id.value()).orElseThrow()
            : repository.lock(id.value()).orElseThrow(() -> paymentNotFound(id));
    if (row.attempt().status() != PaymentStatus.APPROVED || row.paymentKey() == null) {
      throw ApiException.conflict(
          "PAYMENT_NOT_REFUNDABLE",
          "승인된 결제만 환불할 수 있습니다. 현재 상태: " + row.attempt().status(),
          "Only an approved payment can be refunded; this one is " + row.attempt().status() + ".");
    }
    long refundable =
        row.attempt().amount().value()
            - row.refundedAmount()
            - repository.refundsInFlight(id.value());
    long wanted = amount == null ? refundable : amount.value();
    if (wanted <= 0 || wanted > refundable) {
      throw ApiException.badRequest(
          "INVALID_REFUND_AMOUNT",
          "환불 금액은 1원 이상 " + refundable + "원 이하여야 합니다. 요청: " + wanted + "원",
          "A refund is 1 to " + refundable + " won; asked for " + wanted + ".");
    }
    long n = repository.countRefunds(id.value()) + 1;
    String key = "tossbill-refund-" + row.attempt().orderId() + "-r" + n;
    long refundId =
        repository.insertRefund(
            id.value(), wanted, reason, "TOSSBILL", "PENDING", key, null, now, null);
    boolean full = wanted == row.attempt().amount().value() - row.refundedAmount();
    return new PendingRefund(refundId, row.paymentKey(), wanted, full, key);
  }

  private static String requireKey(PaymentRepository.Row row) {
    String key = row.paymentKey();
    if (key == null) {
      throw new IllegalStateException(
          "payment " + row.attempt().id().value() + " has no paymentKey");
    }
    return key;
  }

  /** What one send of a refund did; the refusal is thrown only after the outcome committed. */
  private record Sent(RefundResult result, @Nullable TossError refusal) {}

  private RefundResult sendRefund(PaymentId id, PendingRefund pending, CancelRequest request) {
    repository.refundSent(pending.refundId());
    CancelOutcome outcome;
    try {
      outcome =
          gateway.cancel(
              pending.paymentKey(), request, IdempotencyKey.of(pending.idempotencyKey()));
    } catch (TossApiException e) {
      // Toss answered with an error it did not classify as a cancel state: nothing was canceled.
      outcome = new CancelOutcome.Refused(e.error());
    } catch (RuntimeException e) {
      outcome = new CancelOutcome.Unknown(e.getClass().getSimpleName(), null);
    }
    CancelOutcome result = outcome;
    Sent sent =
        transactions.execute(
            status ->
                switch (result) {
                  case CancelOutcome.Canceled(Payment payment) -> {
                    settleRefund(id, pending, payment);
                    yield new Sent(
                        new RefundResult(
                            pending.refundId(),
                            "DONE",
                            Won.of(pending.amount()),
                            view(id).orElseThrow()),
                        null);
                  }
                  case CancelOutcome.Refused(TossError error) -> {
                    repository.settleRefund(
                        pending.refundId(),
                        "REFUSED",
                        null,
                        error.code(),
                        error.message(),
                        clock.instant());
                    yield new Sent(
                        new RefundResult(
                            pending.refundId(),
                            "REFUSED",
                            Won.of(pending.amount()),
                            view(id).orElseThrow()),
                        error);
                  }
                  case CancelOutcome.Unknown(String why, TossError error) -> {
                    log.warn(
                        "Refund {} of payment {} has an unknown outcome: {}",
                        pending.refundId(),
                        id.value(),
                        why);
                    repository.settleRefund(
                        pending.refundId(),
                        "UNKNOWN",
                        null,
                        error == null ? null : error.code(),
                        why,
                        clock.instant());
                    repository.unknownRefundNextCheck(
                        pending.refundId(),
                        clock.instant().plus(properties.janitor().firstCheckAfter()));
                    yield new Sent(
                        new RefundResult(
                            pending.refundId(),
                            "UNKNOWN",
                            Won.of(pending.amount()),
                            view(id).orElseThrow()),
                        null);
                  }
                });
    if (sent.refusal() != null) {
      throw new ApiException(
          HttpStatus.CONFLICT,
          "REFUND_REFUSED",
          "토스페이먼츠가 환불을 거절했습니다: " + sent.refusal().message(),
          "Toss refused the refund: " + sent.refusal().code());
    }
    return sent.result();
  }

  /**
   * Settles refunds whose outcome was lost (UNKNOWN) or that were never sent (PENDING gone stale)
   * by reading the payment back: a matching cancel there settles the refund (DONE); a payment
   * canceled in full by someone else, or with less left than asked, refuses it (REFUSED, with the
   * reason); otherwise the same cancel is sent again with the same Idempotency-Key, at most {@code
   * max-refund-sends} times, after which it is flagged for review and only read back.
   */
  public void settleUnknownRefunds(Instant serverNow, int limit) {
    Instant leaseUntil = serverNow.plus(properties.janitor().maxBackoff());
    Instant staleBefore = serverNow.minus(properties.janitor().pendingStaleAfter());
    List<PaymentRepository.OpenRefund> open =
        transactions.execute(
            status -> repository.claimOpenRefunds(serverNow, staleBefore, leaseUntil, limit));
    for (PaymentRepository.OpenRefund refund : open) {
      try {
        settleOpenRefund(refund);
      } catch (ApiException e) {
        log.info("Refund {} was refused: {}", refund.id(), e.code());
      } catch (RuntimeException e) {
        log.warn("Could not settle refund {} yet: {}", refund.id(), e.getClass().getSimpleName());
      }
    }
  }

  private void settleOpenRefund(PaymentRepository.OpenRefund refund) {
    PaymentRepository.Row row = repository.find(refund.paymentId()).orElseThrow();
    String paymentKey = row.paymentKey();
    if (paymentKey == null) {
      return;
    }
    Optional<Payment> found = gateway.findPayment(paymentKey);
    if (found.isEmpty()) {
      return; // Toss does not show the payment now; read back again after the lease
    }
    Payment payment = found.get();
    transactions.executeWithoutResult(status -> reconcileCancels(row, payment));
    if (!isOpen(repository.refundStatus(refund.id()))) {
      return; // the read-back showed our cancel
    }
    Instant now = clock.instant();
    if (payment.status() == io.tossbill.toss.PaymentStatus.CANCELED
        || payment.balanceAmount() == 0) {
      transactions.executeWithoutResult(
          status ->
              repository.settleRefund(
                  refund.id(),
                  "REFUSED",
                  null,
                  "ALREADY_CANCELED_PAYMENT",
                  "결제가 이미 전액 취소되어 이 환불은 이루어지지 않았습니다.",
                  now));
      return;
    }
    if (payment.balanceAmount() < refund.amount()) {
      transactions.executeWithoutResult(
          status ->
              repository.settleRefund(
                  refund.id(),
                  "REFUSED",
                  null,
                  "NOT_CANCELABLE_AMOUNT",
                  "남은 취소 가능 금액 "
                      + payment.balanceAmount()
                      + "원이 요청한 "
                      + refund.amount()
                      + "원보다 적어 환불하지 않았습니다.",
                  now));
      return;
    }
    if (refund.sendCount() >= properties.janitor().maxRefundSends()) {
      log.warn(
          "Refund {} of payment {} was sent {} times without an answer: needs review",
          refund.id(),
          refund.paymentId(),
          refund.sendCount());
      repository.flagRefundForReview(refund.id());
      return;
    }
    sendRefund(
        row.attempt().id(),
        new PendingRefund(refund.id(), paymentKey, refund.amount(), false, refund.idempotencyKey()),
        CancelRequest.partial(refund.reason(), refund.amount()));
  }

  private static boolean isOpen(String refundStatus) {
    return "PENDING".equals(refundStatus) || "UNKNOWN".equals(refundStatus);
  }

  private void settleRefund(PaymentId id, PendingRefund pending, Payment payment) {
    Payment.Cancel cancel =
        payment.cancelsOrEmpty().stream()
            .filter(
                c -> c.transactionKey() != null && !repository.knowsTransaction(c.transactionKey()))
            .filter(c -> c.cancelAmount() == pending.amount())
            .reduce((first, second) -> second)
            .orElse(null);
    repository.settleRefund(
        pending.refundId(),
        "DONE",
        cancel == null ? null : cancel.transactionKey(),
        null,
        null,
        clock.instant());
    long refunded = payment.totalAmount() - payment.balanceAmount();
    repository.setRefunded(id.value(), refunded);
    PaymentRepository.Row row = repository.find(id.value()).orElseThrow();
    events.publishEvent(
        new PaymentRefunded(
            id,
            pending.refundId(),
            row.attempt().subscriptionId(),
            row.attempt().customerId(),
            Won.of(pending.amount()),
            Won.of(refunded),
            "tossbill",
            false));
    reconcileCancels(row, payment);
  }

  /**
   * Brings the ledger in line with a payment read back from Toss: cancels done outside tossbill
   * (Toss dashboard, another tool) become refund rows of their own. The read-back is the truth.
   */
  @Transactional
  public void reconcile(Payment payment) {
    Optional<PaymentRepository.Row> found =
        repository
            .findByPaymentKey(payment.paymentKey())
            .or(() -> repository.findByOrderId(payment.orderId()));
    found
        .filter(row -> row.attempt().status() == PaymentStatus.APPROVED)
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
      long refundId =
          repository.insertRefund(
              paymentId,
              cancel.cancelAmount(),
              reason,
              "TOSS",
              "DONE",
              null,
              key,
              now,
              cancel.canceledAt() == null ? now : cancel.canceledAt().toInstant());
      long refunded = payment.totalAmount() - payment.balanceAmount();
      events.publishEvent(
          new PaymentRefunded(
              row.attempt().id(),
              refundId,
              row.attempt().subscriptionId(),
              row.attempt().customerId(),
              Won.of(cancel.cancelAmount()),
              Won.of(refunded),
              reason,
              true));
    }
    repository.setRefunded(paymentId, payment.totalAmount() - payment.balanceAmount());
  }

  private static String cancelStatus(Payment.Cancel cancel) {
    return cancel.cancelStatus() == null ? "DONE" : cancel.cancelStatus();
  }

  private PaymentView view(PaymentRepository.Row row) {
    ChargeAttempt a = row.attempt();
    return new PaymentView(
        a.id().value(),
        a.subscriptionId(),
        a.customerId().value(),
        a.purpose(),
        a.periodNo(),
        a.attemptNo(),
        a.periodStart(),
        a.periodEnd(),
        a.orderId(),
        a.orderName(),
        a.amount(),
        a.status(),
        row.paymentKey(),
        row.approvedAt(),
        row.receiptUrl(),
        row.vat() == null ? null : Won.of(row.vat()),
        row.suppliedAmount() == null ? null : Won.of(row.suppliedAmount()),
        Won.of(row.refundedAmount()),
        row.failureCode(),
        row.failureMessage(),
        row.declineKind(),
        a.requestedAt(),
        row.settledAt(),
        repository.refunds(a.id().value()),
        row.needsReview());
  }

  static ApiException paymentNotFound(PaymentId id) {
    return ApiException.notFound(
        "PAYMENT_NOT_FOUND", "결제를 찾을 수 없습니다: " + id.value(), "No payment " + id.value() + ".");
  }

  private record PendingRefund(
      long refundId, String paymentKey, long amount, boolean full, String idempotencyKey) {}
}
