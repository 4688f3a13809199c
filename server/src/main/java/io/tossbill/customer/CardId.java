package io.tossbill.customer;

/** The identity of a registered card. */
public record CardId(long value) {

  public CardId {
    if (value <= 0) {
      throw new IllegalArgumentException("a card id is positive, was " + value);
    }
  }
}
