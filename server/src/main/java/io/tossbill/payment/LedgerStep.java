package io.tossbill.payment;

/** One step of a payment's append-only history (the payment_history table). */
enum LedgerStep {
  /** The attempt was recorded (PENDING) and committed before Toss was called. */
  ATTEMPTED,
  /** The attempt was handed to Toss, to the card it is bound to. */
  SENT,
  /** The same attempt (same orderId, same Idempotency-Key, same card) was handed to Toss again. */
  RESENT,
  /** Toss approved it. */
  APPROVED,
  /** Toss approved it after tossbill had settled it otherwise, or it paid for nothing any more. */
  LATE_APPROVED,
  /** Toss declined it. */
  DECLINED,
  /** Given up without a decline: the customer's card changed after it was sent. */
  ABANDONED,
  /** Nobody knows yet whether money moved. */
  UNKNOWN,
  /** Read back from Toss without settling it (not found yet, still in progress, read failed). */
  READ_BACK,
  /** Toss's payment did not match the attempt (amount or orderId): a person has to look. */
  AMOUNT_MISMATCH,
  /** The janitor stopped re-sending; read back only, shown for review. */
  REVIEW,
  /** A refund was recorded before Toss's cancel was called. */
  REFUND_REQUESTED,
  /** A refund's cancel was handed to Toss. */
  REFUND_SENT,
  /** Toss refunded it. */
  REFUNDED,
  /** Toss refused the refund. */
  REFUND_REFUSED,
  /** Nobody knows yet whether the refund went through. */
  REFUND_UNKNOWN,
  /** A refund's cancel was sent too often without an answer; a person has to look. */
  REFUND_REVIEW,
  /** A cancel done outside tossbill (Toss's dashboard), learnt from a read-back. */
  REFUNDED_AT_TOSS
}
