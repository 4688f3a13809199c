package io.tossbill.payment;

import io.tossbill.platform.Won;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One refund (a Toss cancel) of a payment: recorded before the cancel is sent, then done, refused,
 * or unknown until a read-back settles it. Transitions are guarded; each is a step of the payment's
 * history.
 */
final class Refund {

  /** Who asked for it: tossbill, or someone at Toss (learnt from a read-back). */
  enum Source {
    TOSSBILL,
    TOSS
  }

  /** The stored state of a refund. */
  record State(
      long id,
      long paymentId,
      Won amount,
      String reason,
      Source source,
      RefundStatus status,
      @Nullable String idempotencyKey,
      @Nullable String transactionKey,
      @Nullable String failureCode,
      @Nullable String failureMessage,
      Instant requestedAt,
      @Nullable Instant settledAt,
      @Nullable Instant nextCheckAt,
      int sendCount,
      boolean needsReview) {}

  private final long id;
  private final long paymentId;
  private final Won amount;
  private final String reason;
  private final Source source;
  private final @Nullable String idempotencyKey;
  private final Instant requestedAt;
  private RefundStatus loadedStatus;
  private RefundStatus status;
  private @Nullable String transactionKey;
  private @Nullable String failureCode;
  private @Nullable String failureMessage;
  private @Nullable Instant settledAt;
  private @Nullable Instant nextCheckAt;
  private int sendCount;
  private boolean needsReview;

  Refund(State s) {
    this.id = s.id();
    this.paymentId = s.paymentId();
    this.amount = s.amount();
    this.reason = s.reason();
    this.source = s.source();
    this.idempotencyKey = s.idempotencyKey();
    this.requestedAt = s.requestedAt();
    this.loadedStatus = s.status();
    this.status = s.status();
    this.transactionKey = s.transactionKey();
    this.failureCode = s.failureCode();
    this.failureMessage = s.failureMessage();
    this.settledAt = s.settledAt();
    this.nextCheckAt = s.nextCheckAt();
    this.sendCount = s.sendCount();
    this.needsReview = s.needsReview();
  }

  /** A refund tossbill asks for: PENDING until its cancel is sent and answered. */
  static State requested(long paymentId, Won amount, String reason, String key, Instant now) {
    return new State(
        0,
        paymentId,
        amount,
        reason,
        Source.TOSSBILL,
        RefundStatus.PENDING,
        key,
        null,
        null,
        null,
        now,
        null,
        null,
        0,
        false);
  }

  /** A cancel done at Toss (its dashboard, another tool), learnt from a read-back: done. */
  static State doneAtToss(
      long paymentId, Won amount, String reason, String transactionKey, Instant at, Instant now) {
    return new State(
        0,
        paymentId,
        amount,
        reason,
        Source.TOSS,
        RefundStatus.DONE,
        null,
        transactionKey,
        null,
        null,
        now,
        at,
        null,
        0,
        false);
  }

  State state() {
    return new State(
        id,
        paymentId,
        amount,
        reason,
        source,
        status,
        idempotencyKey,
        transactionKey,
        failureCode,
        failureMessage,
        requestedAt,
        settledAt,
        nextCheckAt,
        sendCount,
        needsReview);
  }

  /** The cancel is handed to Toss (once more). */
  void sent() {
    if (status.isOpen()) {
      sendCount++;
    }
  }

  /** Toss refunded it; false when it was settled before. */
  boolean done(@Nullable String txKey, Instant now) {
    if (!status.isOpen()) {
      return false;
    }
    status.requireMoveTo(RefundStatus.DONE);
    status = RefundStatus.DONE;
    if (txKey != null) {
      transactionKey = txKey;
    }
    settledAt = now;
    nextCheckAt = null;
    return true;
  }

  /** Toss refused it (or the payment has less left): nothing went back. */
  boolean refused(String code, String message, Instant now) {
    if (!status.isOpen()) {
      return false;
    }
    status.requireMoveTo(RefundStatus.REFUSED);
    status = RefundStatus.REFUSED;
    failureCode = code;
    failureMessage = message;
    settledAt = now;
    nextCheckAt = null;
    return true;
  }

  /** Nobody knows whether it went through: read back from {@code nextCheck}. */
  boolean unknown(@Nullable String code, String why, Instant nextCheck) {
    if (!status.isOpen()) {
      return false;
    }
    status.requireMoveTo(RefundStatus.UNKNOWN);
    status = RefundStatus.UNKNOWN;
    if (code != null) {
      failureCode = code;
    }
    failureMessage = why.length() > 500 ? why.substring(0, 500) : why;
    nextCheckAt = nextCheck;
    return true;
  }

  /** Sent too often without an answer: read back only, for a person to look at. */
  void flagForReview() {
    if (status.isOpen()) {
      needsReview = true;
    }
  }

  long id() {
    return id;
  }

  long paymentId() {
    return paymentId;
  }

  Won amount() {
    return amount;
  }

  String reason() {
    return reason;
  }

  RefundStatus status() {
    return status;
  }

  RefundStatus loadedStatus() {
    return loadedStatus;
  }

  /** The row was written: the next save compares against this status. */
  void saved() {
    loadedStatus = status;
  }

  int sendCount() {
    return sendCount;
  }

  @Nullable String idempotencyKey() {
    return idempotencyKey;
  }

  @Nullable String failureCode() {
    return failureCode;
  }

  @Nullable String failureMessage() {
    return failureMessage;
  }
}
