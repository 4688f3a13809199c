package io.tossbill.payment;

/** The identity of one charge attempt in the ledger. */
public record PaymentId(long value) {

  public PaymentId {
    if (value <= 0) {
      throw new IllegalArgumentException("a payment id is positive, was " + value);
    }
  }
}
