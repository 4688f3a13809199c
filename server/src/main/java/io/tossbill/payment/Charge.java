package io.tossbill.payment;

import io.tossbill.customer.CardId;
import io.tossbill.customer.CustomerId;
import io.tossbill.platform.Won;
import io.tossbill.toss.DeclineKind;
import io.tossbill.toss.IdempotencyKey;
import io.tossbill.toss.TossError;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One charge attempt in the ledger: recorded before Toss is called, then approved, declined or
 * unknown until a read-back settles it. Every change goes through a guarded method that refuses an
 * illegal move, keeps what was known before (nothing is overwritten but the current state), appends
 * a history step, and returns the event to publish.
 */
final class Charge {

  /** A history step not yet written. */
  record Step(
      Instant at,
      LedgerStep kind,
      PaymentStatus status,
      @Nullable Long amount,
      @Nullable String code,
      @Nullable String message,
      @Nullable String paymentKey,
      String detail,
      @Nullable Long refundId) {}

  /** What Toss's approval is to this attempt. */
  enum ApprovalCheck {
    /** It is this attempt's payment and the attempt is unsettled: apply it. */
    MATCHES,
    /** It is this attempt's payment, which was declined or given up before: refund it. */
    AFTER_DECLINE,
    /** Already recorded: nothing to do. */
    ALREADY_RECORDED,
    /** Another orderId or another amount: never pays anything, a person has to look. */
    MISMATCH
  }

  /** What may happen to an attempt about to be handed to Toss. */
  enum SendPermit {
    /** Send it, to this card, now fixed for every re-send. */
    SEND,
    /** It was settled meanwhile: send nothing. */
    SETTLED,
    /** It was sent before to another card: never re-send it to this one. */
    OTHER_CARD
  }

  private final long id;
  private final long subscriptionId;
  private final CustomerId customerId;
  private final ChargePurpose purpose;
  private final int periodNo;
  private final int attemptNo;
  private final LocalDate periodStart;
  private final LocalDate periodEnd;
  private final String orderId;
  private final IdempotencyKey idempotencyKey;
  private final String orderName;
  private final Won amount;
  private final @Nullable Long targetPlanId;
  private final Instant requestedAt;
  private PaymentStatus loadedStatus;
  private PaymentStatus status;
  private int checkCount;
  private @Nullable CardId cardId;
  private @Nullable Instant sentAt;
  private @Nullable String answeredCode;
  private boolean needsReview;
  private @Nullable String paymentKey;
  private @Nullable Instant approvedAt;
  private @Nullable String receiptUrl;
  private @Nullable Long vat;
  private @Nullable Long suppliedAmount;
  private long refundedAmount;
  private @Nullable String failureCode;
  private @Nullable String failureMessage;
  private @Nullable DeclineKind declineKind;
  private @Nullable String unknownReason;
  private @Nullable Instant nextCheckAt;
  private @Nullable Instant settledAt;
  private final Won discount;
  private final @Nullable String discountCode;
  private final List<Step> steps = new ArrayList<>();

  /** The stored state of a charge, as the repository reads and writes it. */
  record State(
      long id,
      long subscriptionId,
      CustomerId customerId,
      ChargePurpose purpose,
      int periodNo,
      int attemptNo,
      LocalDate periodStart,
      LocalDate periodEnd,
      String orderId,
      IdempotencyKey idempotencyKey,
      String orderName,
      Won amount,
      @Nullable Long targetPlanId,
      Instant requestedAt,
      PaymentStatus status,
      int checkCount,
      @Nullable CardId cardId,
      @Nullable Instant sentAt,
      @Nullable String answeredCode,
      boolean needsReview,
      @Nullable String paymentKey,
      @Nullable Instant approvedAt,
      @Nullable String receiptUrl,
      @Nullable Long vat,
      @Nullable Long suppliedAmount,
      long refundedAmount,
      @Nullable String failureCode,
      @Nullable String failureMessage,
      @Nullable DeclineKind declineKind,
      @Nullable String unknownReason,
      @Nullable Instant nextCheckAt,
      @Nullable Instant settledAt,
      Won discount,
      @Nullable String discountCode) {}

  Charge(State s) {
    this.id = s.id();
    this.subscriptionId = s.subscriptionId();
    this.customerId = s.customerId();
    this.purpose = s.purpose();
    this.periodNo = s.periodNo();
    this.attemptNo = s.attemptNo();
    this.periodStart = s.periodStart();
    this.periodEnd = s.periodEnd();
    this.orderId = s.orderId();
    this.idempotencyKey = s.idempotencyKey();
    this.orderName = s.orderName();
    this.amount = s.amount();
    this.targetPlanId = s.targetPlanId();
    this.requestedAt = s.requestedAt();
    this.loadedStatus = s.status();
    this.status = s.status();
    this.checkCount = s.checkCount();
    this.cardId = s.cardId();
    this.sentAt = s.sentAt();
    this.answeredCode = s.answeredCode();
    this.needsReview = s.needsReview();
    this.paymentKey = s.paymentKey();
    this.approvedAt = s.approvedAt();
    this.receiptUrl = s.receiptUrl();
    this.vat = s.vat();
    this.suppliedAmount = s.suppliedAmount();
    this.refundedAmount = s.refundedAmount();
    this.failureCode = s.failureCode();
    this.failureMessage = s.failureMessage();
    this.declineKind = s.declineKind();
    this.unknownReason = s.unknownReason();
    this.nextCheckAt = s.nextCheckAt();
    this.settledAt = s.settledAt();
    this.discount = s.discount();
    this.discountCode = s.discountCode();
  }

  /**
   * A new attempt, PENDING, bound to the card it will be sent to when that is known at recording
   * time (a renewal): a re-send always goes to the same card.
   */
  static State attempt(
      NewAttempt a,
      String orderId,
      IdempotencyKey key,
      @Nullable CardId card,
      Instant now,
      Instant nextCheckAt) {
    return new State(
        0,
        a.subscriptionId(),
        a.customerId(),
        a.purpose(),
        a.periodNo(),
        a.attemptNo(),
        a.periodStart(),
        a.periodEnd(),
        orderId,
        key,
        a.orderName(),
        a.amount(),
        a.targetPlanId(),
        a.requestedAt(),
        PaymentStatus.PENDING,
        0,
        card,
        card == null ? null : now,
        null,
        false,
        null,
        null,
        null,
        null,
        null,
        0,
        null,
        null,
        null,
        null,
        nextCheckAt,
        null,
        a.discount(),
        a.discountCode());
  }

  State state() {
    return new State(
        id,
        subscriptionId,
        customerId,
        purpose,
        periodNo,
        attemptNo,
        periodStart,
        periodEnd,
        orderId,
        idempotencyKey,
        orderName,
        amount,
        targetPlanId,
        requestedAt,
        status,
        checkCount,
        cardId,
        sentAt,
        answeredCode,
        needsReview,
        paymentKey,
        approvedAt,
        receiptUrl,
        vat,
        suppliedAmount,
        refundedAmount,
        failureCode,
        failureMessage,
        declineKind,
        unknownReason,
        nextCheckAt,
        settledAt,
        discount,
        discountCode);
  }

  // ---- sending

  /**
   * Called just before Toss is called: fixes the card (a re-send goes to the same card only, since
   * Toss matches an Idempotency-Key per URL and the URL holds the billing key) and counts the
   * staleness of a PENDING attempt from this send.
   */
  SendPermit permitSend(CardId card, Instant now, Instant staleAt) {
    if (status.isSettled()) {
      return SendPermit.SETTLED;
    }
    if (cardId != null && !cardId.equals(card)) {
      return SendPermit.OTHER_CARD;
    }
    boolean first = sentAt == null || cardId == null;
    cardId = card;
    if (sentAt == null) {
      sentAt = now;
    }
    nextCheckAt = staleAt;
    step(
        now, first ? LedgerStep.SENT : LedgerStep.RESENT, null, null, null, "card " + card.value());
    return SendPermit.SEND;
  }

  // ---- outcomes

  /** What Toss's payment is to this attempt; decides nothing. */
  ApprovalCheck check(io.tossbill.toss.Payment payment) {
    if (!payment.orderId().equals(orderId) || payment.totalAmount() != amount.value()) {
      return ApprovalCheck.MISMATCH;
    }
    if (status.movedMoney()) {
      return ApprovalCheck.ALREADY_RECORDED;
    }
    return status == PaymentStatus.DECLINED ? ApprovalCheck.AFTER_DECLINE : ApprovalCheck.MATCHES;
  }

  /** Toss approved it and it pays what it was made for. */
  PaymentSucceeded approve(io.tossbill.toss.Payment payment, Instant now) {
    requireCheck(payment, ApprovalCheck.MATCHES);
    moveTo(PaymentStatus.APPROVED);
    record(payment, now);
    step(now, LedgerStep.APPROVED, amount.value(), null, null, "");
    return succeeded(now);
  }

  /**
   * Toss approved it, but it pays for nothing: tossbill had declined or given it up, the period was
   * paid by another attempt, or the subscription ended meanwhile. Money moved, so the caller
   * refunds it in full.
   */
  PaymentSucceeded approveLate(io.tossbill.toss.Payment payment, String why, Instant now) {
    ApprovalCheck check = check(payment);
    if (check != ApprovalCheck.MATCHES && check != ApprovalCheck.AFTER_DECLINE) {
      throw new IllegalStateException(orderId + " cannot be approved late: " + check);
    }
    moveTo(PaymentStatus.LATE_APPROVED);
    record(payment, now);
    step(now, LedgerStep.LATE_APPROVED, amount.value(), null, null, why);
    return succeeded(now);
  }

  /**
   * Toss showed a payment that is not this attempt's (another amount or orderId): it pays nothing
   * and is never guessed about; the attempt stays unknown, read back rarely, for a person.
   */
  void mismatch(io.tossbill.toss.Payment payment, Instant nextCheck, Instant now) {
    needsReview = true;
    nextCheckAt = nextCheck;
    unknownReason =
        "Toss's payment " + payment.orderId() + " of " + payment.totalAmount() + " won differs";
    step(
        now,
        LedgerStep.AMOUNT_MISMATCH,
        payment.totalAmount(),
        null,
        null,
        payment.paymentKey(),
        "Toss: " + payment.orderId() + " " + payment.totalAmount() + "원, attempt: " + amount);
  }

  /** Toss declined it: no money moved. */
  Optional<PaymentFailed> decline(TossError error, DeclineKind kind, Instant now) {
    if (status.isSettled()) {
      return Optional.empty();
    }
    moveTo(PaymentStatus.DECLINED);
    failureCode = error.code();
    failureMessage = error.message();
    declineKind = kind;
    settledAt = now;
    nextCheckAt = null;
    step(now, LedgerStep.DECLINED, null, error.code(), error.message(), kind.name());
    return Optional.of(
        new PaymentFailed(
            paymentId(),
            subscriptionId,
            customerId,
            purpose,
            periodNo,
            attemptNo,
            orderId,
            amount,
            error.code(),
            error.message(),
            kind));
  }

  /**
   * Given up without a decline (the customer's card changed after it was sent): no decline kind, no
   * event; if Toss approves it after all, it is approved late and refunded.
   */
  boolean abandon(TossError reason, Instant now) {
    if (status.isSettled()) {
      return false;
    }
    moveTo(PaymentStatus.DECLINED);
    failureCode = reason.code();
    failureMessage = reason.message();
    settledAt = now;
    nextCheckAt = null;
    step(now, LedgerStep.ABANDONED, null, reason.code(), reason.message(), "");
    return true;
  }

  /**
   * Nobody knows whether money moved; the janitor reads it back from {@code nextCheck}. {@code
   * answered} is Toss's error code when Toss finished the request without a payment.
   */
  boolean unknown(String reason, @Nullable String answered, Instant nextCheck, Instant now) {
    if (status.isSettled()) {
      return false;
    }
    moveTo(PaymentStatus.UNKNOWN);
    unknownReason = reason;
    if (answered != null) {
      answeredCode = answered;
    }
    nextCheckAt = nextCheck;
    step(now, LedgerStep.UNKNOWN, null, answered, truncate(reason), "");
    return true;
  }

  /** Read back without settling it: look again from {@code nextCheck}. */
  void readBackAgain(String reason, Instant nextCheck, Instant now) {
    if (status.isSettled()) {
      return;
    }
    nextCheckAt = nextCheck;
    step(now, LedgerStep.READ_BACK, null, null, truncate(reason), "");
  }

  /** The janitor stops re-sending: read back only, shown for review. */
  void flagForReview(String reason, Instant nextCheck, Instant now) {
    if (status.isSettled()) {
      return;
    }
    needsReview = true;
    nextCheckAt = nextCheck;
    unknownReason = reason;
    step(now, LedgerStep.REVIEW, null, null, truncate(reason), "");
  }

  // ---- refunds

  /** Toss's read-back says this much of the payment was refunded in all. */
  void refundedInAll(long total) {
    if (total < refundedAmount) {
      return; // an older read-back: never go back
    }
    refundedAmount = Math.min(total, amount.value());
  }

  void refundStep(
      Instant now,
      LedgerStep kind,
      long refundId,
      long refundAmount,
      @Nullable String code,
      @Nullable String message) {
    steps.add(new Step(now, kind, status, refundAmount, code, message, null, "", refundId));
  }

  // ---- reading

  ChargeAttempt attempt() {
    return new ChargeAttempt(
        paymentId(),
        subscriptionId,
        customerId,
        purpose,
        periodNo,
        attemptNo,
        periodStart,
        periodEnd,
        orderId,
        idempotencyKey,
        orderName,
        amount,
        targetPlanId,
        status,
        requestedAt,
        checkCount,
        cardId,
        sentAt,
        answeredCode,
        needsReview);
  }

  PaymentId paymentId() {
    return new PaymentId(id);
  }

  long id() {
    return id;
  }

  PaymentStatus status() {
    return status;
  }

  /** The status the row had when loaded: the compare-and-set of the save. */
  PaymentStatus loadedStatus() {
    return loadedStatus;
  }

  String orderId() {
    return orderId;
  }

  Won amount() {
    return amount;
  }

  @Nullable String paymentKey() {
    return paymentKey;
  }

  long refundedAmount() {
    return refundedAmount;
  }

  long subscriptionId() {
    return subscriptionId;
  }

  CustomerId customerId() {
    return customerId;
  }

  List<Step> steps() {
    return steps;
  }

  /** The row and its steps were written: the next save compares against this status. */
  void saved() {
    steps.clear();
    loadedStatus = status;
  }

  // ---- internals

  private void requireCheck(io.tossbill.toss.Payment payment, ApprovalCheck expected) {
    ApprovalCheck check = check(payment);
    if (check != expected) {
      throw new IllegalStateException(orderId + " cannot be approved: " + check);
    }
  }

  private void record(io.tossbill.toss.Payment payment, Instant now) {
    paymentKey = payment.paymentKey();
    approvedAt = payment.approvedAt() == null ? null : payment.approvedAt().toInstant();
    receiptUrl = payment.receipt() == null ? null : payment.receipt().url();
    vat = payment.vat();
    suppliedAmount = payment.suppliedAmount();
    refundedInAll(payment.totalAmount() - payment.balanceAmount());
    settledAt = now;
    nextCheckAt = null;
  }

  private PaymentSucceeded succeeded(Instant now) {
    return new PaymentSucceeded(
        paymentId(),
        subscriptionId,
        customerId,
        purpose,
        periodNo,
        periodStart,
        periodEnd,
        orderId,
        amount,
        Won.of(vat == null ? 0 : vat),
        approvedAt == null ? now : approvedAt,
        receiptUrl);
  }

  private void moveTo(PaymentStatus target) {
    status.requireMoveTo(target);
    status = target;
  }

  private void step(
      Instant now,
      LedgerStep kind,
      @Nullable Long stepAmount,
      @Nullable String code,
      @Nullable String message,
      String detail) {
    step(
        now,
        kind,
        stepAmount,
        code,
        message,
        kind == LedgerStep.APPROVED || kind == LedgerStep.LATE_APPROVED ? paymentKey : null,
        detail);
  }

  private void step(
      Instant now,
      LedgerStep kind,
      @Nullable Long stepAmount,
      @Nullable String code,
      @Nullable String message,
      @Nullable String key,
      String detail) {
    steps.add(new Step(now, kind, status, stepAmount, code, message, key, detail, null));
  }

  private static String truncate(String text) {
    return text.length() > 500 ? text.substring(0, 500) : text;
  }
}
