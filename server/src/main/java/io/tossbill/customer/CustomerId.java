package io.tossbill.customer;

/** The identity of a customer. */
public record CustomerId(long value) {

  public CustomerId {
    if (value <= 0) {
      throw new IllegalArgumentException("a customer id is positive, was " + value);
    }
  }
}
