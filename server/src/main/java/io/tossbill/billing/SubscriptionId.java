package io.tossbill.billing;

/** The identity of a subscription. */
public record SubscriptionId(long value) {

  public SubscriptionId {
    if (value <= 0) {
      throw new IllegalArgumentException("a subscription id is positive, was " + value);
    }
  }
}
